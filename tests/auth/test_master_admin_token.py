"""One token for every door: the master admin's access token (password grant, admin-cli, realm master)
works on lowball's ``/builtins``, Keto's ``/engines/acp`` and Keycloak's ``/admin``, as each dialect's own
tokens do; lowball's ``admin`` role rule holds for access tokens too."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

import httpx
import pytest

from tests.lowball.conftest import bearer, lowball_login
from tests.support import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    fresh_database_url,
    password_token,
    serve_process,
    unique,
)

POLICY = {"subjects": ["users:alice"], "resources": ["files:1"], "actions": ["read"], "effect": "allow"}


def _every_door(client: httpx.Client, lowball_realm: str) -> None:
    """Admin operations of the three dialects, in turn, with one client's token."""
    assert client.get("/admin/realms").status_code == 200
    assert client.get(f"/admin/realms/{lowball_realm}/users").status_code == 200

    client_id, secret = unique("lbc"), unique("secret")
    made = client.post(
        "/builtins/auth/clients/create",
        json={"client_id": client_id, "client_secret": secret, "roles": ["reader"]},
    )
    assert made.status_code == 201, made.text
    assert made.json() == {"client_id": client_id, "roles": ["reader"]}
    listed = client.get("/builtins/auth/clients/all")
    assert listed.status_code == 200 and client_id in [c["client_id"] for c in listed.json()]
    minted = client.post("/builtins/auth/tokens", json={"client_id": client_id, "roles": ["reader"]})
    assert minted.status_code == 201, minted.text
    assert minted.json()["token_data"]["cid"] == client_id
    every = client.get("/builtins/auth/tokens/all", params={"client_ids": client_id})
    assert every.status_code == 200 and [t["cid"] for t in every.json()] == [client_id]
    assert client.post(f"/builtins/auth/clients/{client_id}/disable").status_code == 204
    assert client.delete(f"/builtins/auth/clients/{client_id}").status_code == 204

    policy_id = unique("policy")
    stored = client.put("/engines/acp/ory/exact/policies", json={"id": policy_id, **POLICY})
    assert stored.status_code == 200, stored.text
    decision = client.post(
        "/engines/acp/ory/exact/allowed",
        json={"subject": "users:alice", "resource": "files:1", "action": "read"},
    )
    assert decision.status_code == 200 and decision.json() == {"allowed": True}
    assert client.get(f"/engines/acp/ory/exact/policies/{policy_id}").status_code == 200
    assert client.delete(f"/engines/acp/ory/exact/policies/{policy_id}").status_code == 204


def test_the_master_admins_access_token_works_on_every_dialect(base_url: str) -> None:
    token = password_token(base_url, "master", ADMIN_USERNAME, ADMIN_PASSWORD)
    with bearer(base_url, token) as admin:
        _every_door(admin, "master")


def test_lowball_tokens_still_work_on_builtins_only(base_url: str) -> None:
    with bearer(base_url, lowball_login(base_url, ADMIN_USERNAME, ADMIN_PASSWORD)) as lowball_admin:
        assert lowball_admin.get("/builtins/auth/clients/all").status_code == 200
        assert lowball_admin.get("/admin/realms").status_code == 401
        assert lowball_admin.get("/engines/acp/ory/exact/policies").status_code == 401


def test_an_access_token_is_no_lowball_token_to_describe_or_end(base_url: str) -> None:
    token = password_token(base_url, "master", ADMIN_USERNAME, ADMIN_PASSWORD)
    with bearer(base_url, token) as admin:
        for response in (admin.get("/builtins/auth"), admin.delete("/builtins/auth")):
            assert response.status_code == 401
            assert response.json() == {"message": "401 Unauthorized: Token Is Invalid"}
        assert admin.get("/admin/realms").status_code == 200, "the access token is still live"


@pytest.fixture
def tenant_server() -> Iterator[tuple[str, str]]:
    """A server whose lowball and Keto dialects serve a realm other than master (not made yet)."""
    realm = unique("tenant")
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        env = {
            "IAMGRAPH_ADMIN_USERNAME": ADMIN_USERNAME,
            "IAMGRAPH_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "IAMGRAPH_LOWBALL_REALM": realm,
            "IAMGRAPH_KETO_REALM": realm,
        }
        with serve_process(url, workdir, **env) as (base, _):
            yield base, realm


def test_the_master_admin_is_a_lowball_admin_of_another_realm_too(tenant_server: tuple[str, str]) -> None:
    """With lowball and Keto serving a realm other than master, the master admin (super-admin everywhere)
    still administers both; the realm's own users do not, unless they hold the role or right."""
    base, realm = tenant_server
    token = password_token(base, "master", ADMIN_USERNAME, ADMIN_PASSWORD)
    with bearer(base, token) as admin:
        missing = admin.get("/builtins/auth/clients/all")
        assert missing.status_code == 503
        assert missing.json() == {"message": "503 Service Unavailable: No Authentication Provider Present"}
        assert admin.post("/admin/realms", json={"realm": realm, "enabled": True}).status_code == 201
        _every_door(admin, realm)
        made = admin.post(
            "/builtins/auth/clients/create",
            json={"client_id": "keeper", "client_secret": "pw", "roles": ["admin"]},
        )
        assert made.status_code == 201
    keeper = password_token(base, realm, "keeper", "pw")
    with bearer(base, keeper) as client:
        assert client.get("/builtins/auth/clients/all").status_code == 200
        assert client.get("/engines/acp/ory/exact/policies").status_code == 403
    with bearer(base, lowball_login(base, "keeper", "pw")) as client:
        assert client.get("/builtins/auth/clients/all").status_code == 200
