"""/builtins/auth/clients: own client, create, register, admin reads and writes, roles, enable/disable."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.lowball.conftest import lowball_login
from tests.support import unique

INADEQUATE = "401 Unauthorized: Current Token Has Inadequate Roles for Requested Action"
MALFORMED = "400 Bad Request: The Request Did Not Supply The Required Data for the Auth Provider"

MakeClient = Callable[..., tuple[str, str]]
AsClient = Callable[[str, str], httpx.Client]


def _message(response: httpx.Response) -> str:
    return str(response.json()["message"])


def test_own_client_and_secret_change(
    make_client: MakeClient, as_client: AsClient, base_url: str, anonymous: httpx.Client
) -> None:
    client_id, secret = make_client(["reader"])
    me = as_client(client_id, secret)
    assert me.get("/builtins/auth/clients").json() == {"client_id": client_id, "roles": ["reader"]}
    changed = me.post("/builtins/auth/clients", json={"client_secret": "new-secret"})
    assert changed.status_code == 200 and changed.json() == {"client_id": client_id, "roles": ["reader"]}
    old = anonymous.post("/builtins/auth", json={"client_id": client_id, "client_secret": secret})
    assert old.status_code == 401
    assert lowball_login(base_url, client_id, "new-secret")
    for body in ({}, {"client_secret": ""}, {"client_secret": "x", "roles": ["admin"]}):
        bad = me.post("/builtins/auth/clients", json=body)
        assert bad.status_code == 400 and _message(bad) == MALFORMED, body


def test_create_client_rules(make_client: MakeClient, as_client: AsClient, lb_admin: httpx.Client) -> None:
    client_id, secret = make_client(["reader"])
    me = as_client(client_id, secret)
    denied = me.post("/builtins/auth/clients/create", json={"client_id": unique("x"), "client_secret": "s"})
    assert denied.status_code == 401 and _message(denied) == INADEQUATE
    again = lb_admin.post(
        "/builtins/auth/clients/create", json={"client_id": client_id, "client_secret": "s"}
    )
    assert (
        again.status_code == 409
        and _message(again) == f"409 Conflict: client_id '{client_id}' already exists"
    )
    for body in ({"client_secret": "s"}, {"client_id": unique("x")}, {"client_id": 3, "client_secret": "s"}):
        bad = lb_admin.post("/builtins/auth/clients/create", json=body)
        assert bad.status_code == 400 and _message(bad) == MALFORMED, body
    bad_roles = lb_admin.post(
        "/builtins/auth/clients/create", json={"client_id": unique("x"), "client_secret": "s", "roles": [1]}
    )
    assert (
        bad_roles.status_code == 400
        and _message(bad_roles) == "400 Bad Request: Roles must be a list of strings"
    )
    not_json = lb_admin.post("/builtins/auth/clients/create", content=b"[]")
    assert not_json.status_code == 400 and _message(not_json) == MALFORMED


def test_admin_client_routes(
    make_client: MakeClient,
    as_client: AsClient,
    lb_admin: httpx.Client,
    anonymous: httpx.Client,
    base_url: str,
) -> None:
    role = unique("role")
    client_id, secret = make_client([role])
    other, _ = make_client()
    me = as_client(client_id, secret)
    for response in (
        me.get("/builtins/auth/clients/all"),
        me.get(f"/builtins/auth/clients/{other}"),
        me.post(f"/builtins/auth/clients/{other}", json={"roles": []}),
        me.delete(f"/builtins/auth/clients/{other}"),
        me.delete(f"/builtins/auth/clients/{other}/roles"),
        me.post(f"/builtins/auth/clients/{client_id}/roles/admin"),
        me.delete(f"/builtins/auth/clients/{other}/roles/{role}"),
        me.post(f"/builtins/auth/clients/{other}/enable"),
        me.post(f"/builtins/auth/clients/{other}/disable"),
    ):
        assert response.status_code == 401 and _message(response) == INADEQUATE

    everyone = lb_admin.get("/builtins/auth/clients/all").json()
    assert {"client_id": client_id, "roles": [role]} in everyone
    assert any(c["client_id"] == "admin" and "admin" in c["roles"] for c in everyone)
    with_role = lb_admin.get("/builtins/auth/clients/all", params={"roles": role}).json()
    assert with_role == [{"client_id": client_id, "roles": [role]}]
    assert lb_admin.get(f"/builtins/auth/clients/{client_id}").json() == {
        "client_id": client_id,
        "roles": [role],
    }

    updated = lb_admin.post(
        f"/builtins/auth/clients/{client_id}",
        json={"roles": ["reader", "writer"], "client_secret": "changed"},
    )
    assert updated.status_code == 200 and updated.json() == {
        "client_id": client_id,
        "roles": ["reader", "writer"],
    }
    assert lowball_login(base_url, client_id, "changed")
    bad = lb_admin.post(f"/builtins/auth/clients/{client_id}", json={"enabled": False})
    assert bad.status_code == 400 and _message(bad) == MALFORMED

    assert lb_admin.post(f"/builtins/auth/clients/{client_id}/roles/auditor").status_code == 204
    assert lb_admin.get(f"/builtins/auth/clients/{client_id}").json()["roles"] == [
        "auditor",
        "reader",
        "writer",
    ]
    assert lb_admin.delete(f"/builtins/auth/clients/{client_id}/roles/reader").status_code == 204
    assert lb_admin.get(f"/builtins/auth/clients/{client_id}").json()["roles"] == ["auditor", "writer"]
    assert lb_admin.delete(f"/builtins/auth/clients/{client_id}/roles").status_code == 204
    assert lb_admin.get(f"/builtins/auth/clients/{client_id}").json()["roles"] == []

    assert lb_admin.delete(f"/builtins/auth/clients/{other}").status_code == 204
    for response in (
        lb_admin.get(f"/builtins/auth/clients/{other}"),
        lb_admin.post(f"/builtins/auth/clients/{other}", json={"roles": []}),
        lb_admin.delete(f"/builtins/auth/clients/{other}"),
        lb_admin.delete(f"/builtins/auth/clients/{other}/roles"),
        lb_admin.post(f"/builtins/auth/clients/{other}/roles/x"),
        lb_admin.delete(f"/builtins/auth/clients/{other}/roles/x"),
        lb_admin.post(f"/builtins/auth/clients/{other}/enable"),
        lb_admin.post(f"/builtins/auth/clients/{other}/disable"),
    ):
        assert (
            response.status_code == 404
            and _message(response) == f"404 Not Found: client_id '{other}' not found"
        )


def test_deleting_a_client_kills_its_tokens(
    make_client: MakeClient, as_client: AsClient, lb_admin: httpx.Client
) -> None:
    client_id, secret = make_client()
    me = as_client(client_id, secret)
    assert lb_admin.delete(f"/builtins/auth/clients/{client_id}").status_code == 204
    assert _message(me.get("/builtins/auth")) == "401 Unauthorized: Token Is Invalid"


def test_self_registration_is_off_by_default(anonymous: httpx.Client) -> None:
    response = anonymous.post(
        "/builtins/auth/clients/register", json={"client_id": unique("reg"), "client_secret": "s"}
    )
    assert response.status_code == 403
    assert _message(response) == "403 Forbidden: Client self registration is disabled"


@pytest.fixture
def self_registration(server) -> Iterator[None]:  # type: ignore[no-untyped-def]
    from core import runtime

    before = runtime.settings()
    runtime._settings = dataclasses.replace(before, lowball_self_registration=True)
    try:
        yield
    finally:
        runtime._settings = before


@pytest.mark.usefixtures("self_registration")
def test_self_registration_when_enabled(
    anonymous: httpx.Client, base_url: str, lb_admin: httpx.Client
) -> None:
    client_id = unique("reg")
    response = anonymous.post(
        "/builtins/auth/clients/register", json={"client_id": client_id, "client_secret": "s"}
    )
    assert response.status_code == 201 and response.json() == {"client_id": client_id, "roles": []}
    assert lowball_login(base_url, client_id, "s")
    again = anonymous.post(
        "/builtins/auth/clients/register", json={"client_id": client_id, "client_secret": "s"}
    )
    assert again.status_code == 409
    greedy = anonymous.post(
        "/builtins/auth/clients/register",
        json={"client_id": unique("reg"), "client_secret": "s", "roles": ["admin"]},
    )
    assert greedy.status_code == 400 and _message(greedy) == MALFORMED
    assert lb_admin.delete(f"/builtins/auth/clients/{client_id}").status_code == 204


def test_lists_take_constant_queries(make_client: MakeClient, lb_admin: httpx.Client) -> None:
    from tests.support import count_sql

    def statements() -> int:
        # The fewest of a few runs: a cache's periodic version check may add one statement to any run.
        counts = []
        for _ in range(3):
            with count_sql() as counter:
                assert lb_admin.get("/builtins/auth/clients/all").status_code == 200
                assert lb_admin.get("/builtins/auth/tokens/all").status_code == 200
            counts.append(counter.count)
        return min(counts)

    make_client(["reader"])
    few = statements()
    for _ in range(3):
        make_client(["reader", "writer"])
    assert 0 < few == statements()
