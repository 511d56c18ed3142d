"""/builtins/auth/tokens: own tokens, minting for others, the admin routes, single tokens, cleanup."""

from __future__ import annotations

from collections.abc import Callable

import httpx

INADEQUATE = "401 Unauthorized: Current Token Has Inadequate Roles for Requested Action"
BAD_LIFE = "400 Bad Request: token_life must be a positive integer greater than 10 and less than 2592000"

MakeClient = Callable[..., tuple[str, str]]
AsClient = Callable[[str, str], httpx.Client]


def _message(response: httpx.Response) -> str:
    return str(response.json()["message"])


def test_create_list_and_filter_own_tokens(make_client: MakeClient, as_client: AsClient) -> None:
    client_id, secret = make_client(["reader", "writer"])
    me = as_client(client_id, secret)
    made = me.post("/builtins/auth/tokens", json={"roles": ["reader"], "token_life": 60})
    assert made.status_code == 201, made.text
    data = made.json()["token_data"]
    assert data["cid"] == client_id and data["rcid"] == client_id and data["r"] == ["reader"]
    no_body = me.post("/builtins/auth/tokens")
    assert no_body.status_code == 201 and no_body.json()["token_data"]["r"] == []

    listed = me.get("/builtins/auth/tokens")
    assert listed.status_code == 200
    tids = [t["tid"] for t in listed.json()]
    assert len(tids) == 3 and data["tid"] in tids  # the login token and two minted ones
    assert all(t["cid"] == client_id for t in listed.json())
    by_role = me.get("/builtins/auth/tokens", params=[("roles", "reader"), ("roles", "nothing")]).json()
    assert {t["tid"] for t in by_role} == {t["tid"] for t in listed.json() if "reader" in t["r"]}
    assert len(me.get("/builtins/auth/tokens", params={"exclude_expired": "yes"}).json()) == 3


def test_token_creation_rules(make_client: MakeClient, as_client: AsClient, lb_admin: httpx.Client) -> None:
    client_id, secret = make_client(["reader"])
    other, _ = make_client(["reader"])
    me = as_client(client_id, secret)
    for life in (9, 2_592_001, "soon", True, 1.5):
        bad = me.post("/builtins/auth/tokens", json={"token_life": life})
        assert bad.status_code == 400 and _message(bad) == BAD_LIFE, life
    assert me.post("/builtins/auth/tokens", json={"token_life": 10}).status_code == 201
    assert me.post("/builtins/auth/tokens", json={"token_life": 2_592_000}).status_code == 201
    more = me.post("/builtins/auth/tokens", json={"roles": ["reader", "admin"]})
    assert more.status_code == 401 and _message(more) == INADEQUATE
    foreign = me.post("/builtins/auth/tokens", json={"client_id": other})
    assert foreign.status_code == 401 and _message(foreign) == INADEQUATE
    bad_roles = me.post("/builtins/auth/tokens", json={"roles": "reader"})
    assert (
        bad_roles.status_code == 400
        and _message(bad_roles) == "400 Bad Request: Roles must be a list of strings"
    )

    for_other = lb_admin.post("/builtins/auth/tokens", json={"client_id": other, "roles": ["reader"]})
    assert for_other.status_code == 201
    assert for_other.json()["token_data"]["cid"] == other
    assert for_other.json()["token_data"]["rcid"] == "admin"
    missing = lb_admin.post("/builtins/auth/tokens", json={"client_id": "no-such-client"})
    assert missing.status_code == 404
    assert _message(missing) == "404 Not Found: Client ID for requesting token not found in auth provider"
    over = lb_admin.post("/builtins/auth/tokens", json={"client_id": other, "roles": ["admin"]})
    assert over.status_code == 401 and _message(over) == INADEQUATE


def test_single_token_routes(make_client: MakeClient, as_client: AsClient, lb_admin: httpx.Client) -> None:
    a_id, a_secret = make_client()
    b_id, b_secret = make_client()
    a, b = as_client(a_id, a_secret), as_client(b_id, b_secret)
    tid = a.post("/builtins/auth/tokens").json()["token_data"]["tid"]
    got = a.get(f"/builtins/auth/tokens/{tid}")
    assert got.status_code == 200 and got.json()["tid"] == tid and got.json()["cid"] == a_id
    assert b.get(f"/builtins/auth/tokens/{tid}").status_code == 401
    assert _message(b.delete(f"/builtins/auth/tokens/{tid}")) == INADEQUATE
    assert lb_admin.get(f"/builtins/auth/tokens/{tid}").json()["cid"] == a_id
    malformed = a.get("/builtins/auth/tokens/short")
    assert malformed.status_code == 400 and _message(malformed) == "400 Bad Request: Invalid token id format"
    assert _message(a.delete("/builtins/auth/tokens/bad-id!")) == "400 Bad Request: Invalid token id format"
    unknown = a.get("/builtins/auth/tokens/AAAAAAAAAAAAAAAA")
    assert unknown.status_code == 404 and _message(unknown) == "404 Not Found: Specified token not found"
    assert a.delete(f"/builtins/auth/tokens/{tid}").status_code == 204
    assert a.get(f"/builtins/auth/tokens/{tid}").status_code == 404
    # An admin revokes anyone's token.
    tid_b = b.post("/builtins/auth/tokens").json()["token_data"]["tid"]
    assert lb_admin.delete(f"/builtins/auth/tokens/{tid_b}").status_code == 204
    assert tid_b not in [t["tid"] for t in b.get("/builtins/auth/tokens").json()]


def test_revoke_own_tokens(make_client: MakeClient, as_client: AsClient) -> None:
    client_id, secret = make_client()
    me = as_client(client_id, secret)
    extra = me.post("/builtins/auth/tokens").json()["token"]
    assert me.delete("/builtins/auth/tokens").status_code == 204
    assert _message(me.get("/builtins/auth")) == "401 Unauthorized: Token Is Invalid"
    with httpx.Client(base_url=str(me.base_url), headers={"Authorization": f"Bearer {extra}"}) as other:
        assert other.get("/builtins/auth").status_code == 401


def test_admin_token_routes(
    make_client: MakeClient, as_client: AsClient, lb_admin: httpx.Client, base_url: str
) -> None:
    a_id, a_secret = make_client(["reader"])
    b_id, b_secret = make_client(["writer"])
    a, b = as_client(a_id, a_secret), as_client(b_id, b_secret)
    for response in (
        a.get("/builtins/auth/tokens/all"),
        a.delete("/builtins/auth/tokens/all"),
        a.post("/builtins/auth/tokens/cleanup"),
    ):
        assert response.status_code == 401 and _message(response) == INADEQUATE

    everything = lb_admin.get("/builtins/auth/tokens/all").json()
    cids = {t["cid"] for t in everything}
    assert {a_id, b_id, "admin"} <= cids
    only_a = lb_admin.get("/builtins/auth/tokens/all", params={"client_ids": a_id}).json()
    assert only_a and {t["cid"] for t in only_a} == {a_id}
    writers = lb_admin.get("/builtins/auth/tokens/all", params={"roles": "writer"}).json()
    assert writers and all("writer" in t["r"] for t in writers)
    fresh = lb_admin.get("/builtins/auth/tokens/all", params={"exclude_expired": "yes"}).json()
    assert {t["tid"] for t in fresh} <= {t["tid"] for t in everything}

    # Revoke only b's tokens through the filter; a keeps working.
    assert lb_admin.delete("/builtins/auth/tokens/all", params={"client_ids": b_id}).status_code == 204
    assert b.get("/builtins/auth").status_code == 401
    assert a.get("/builtins/auth").status_code == 200
    assert lb_admin.post("/builtins/auth/tokens/cleanup").status_code == 204
    remaining = {t["cid"] for t in lb_admin.get("/builtins/auth/tokens/all").json()}
    assert b_id not in remaining and a_id in remaining


def test_cleanup_removes_expired_tokens(make_client: MakeClient, lb_admin: httpx.Client, server) -> None:  # type: ignore[no-untyped-def]
    from models import Token
    from models.base import now_ms

    client_id, _ = make_client()
    tid = lb_admin.post("/builtins/auth/tokens", json={"client_id": client_id}).json()["token_data"]["tid"]

    async def age() -> None:
        await Token.filter(id=tid).update(expires_at=now_ms() - 1000)

    server.run(age())
    assert tid in {t["tid"] for t in lb_admin.get("/builtins/auth/tokens/all").json()}
    assert tid not in {
        t["tid"] for t in lb_admin.get("/builtins/auth/tokens/all", params={"exclude_expired": "yes"}).json()
    }
    assert lb_admin.post("/builtins/auth/tokens/cleanup").status_code == 204

    async def exists() -> bool:
        return await Token.filter(id=tid).exists()

    assert not server.run(exists())
