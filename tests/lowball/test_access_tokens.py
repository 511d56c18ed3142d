"""Access tokens from the token endpoint on /builtins: lowball's ``admin`` role rule holds for them as
for lowball's own tokens, and a revoked or non-access token is lowball's "Token Is Invalid"."""

from __future__ import annotations

import httpx

from tests.lowball.conftest import bearer
from tests.support import password_token

INADEQUATE = "401 Unauthorized: Current Token Has Inadequate Roles for Requested Action"


def test_lowballs_admin_role_rule_holds_for_access_tokens(
    base_url: str, make_client, lb_admin: httpx.Client
) -> None:  # type: ignore[no-untyped-def]
    plain_id, plain_secret = make_client(["reader"])
    admin_id, admin_secret = make_client(["admin"])
    plain = password_token(base_url, "master", plain_id, plain_secret)
    with bearer(base_url, plain) as client:
        refused = client.get("/builtins/auth/clients/all")
        assert refused.status_code == 401 and refused.json() == {"message": INADEQUATE}
        own = client.get("/builtins/auth/clients")
        assert own.status_code == 200 and own.json() == {"client_id": plain_id, "roles": ["reader"]}
        minted = client.post("/builtins/auth/tokens", json={"roles": ["reader"]})
        assert minted.status_code == 201 and minted.json()["token_data"]["rcid"] == plain_id
        assert client.get("/engines/acp/ory/exact/policies").status_code == 403
        assert client.get("/admin/realms/master/users").status_code == 403
    # A client holding lowball's admin role is a lowball admin through its access token as well: the realm
    # role shows in the token. In master that role is the master admin's own, so it opens every door.
    holder = password_token(base_url, "master", admin_id, admin_secret)
    with bearer(base_url, holder) as client:
        assert client.get("/builtins/auth/clients/all").status_code == 200
        assert client.get(f"/builtins/auth/clients/{plain_id}").json()["roles"] == ["reader"]
        assert client.get("/engines/acp/ory/exact/policies").status_code == 200


def test_revoked_or_foreign_access_tokens_are_invalid_on_builtins(base_url: str, make_client) -> None:  # type: ignore[no-untyped-def]
    client_id, secret = make_client()
    response = httpx.post(
        f"{base_url}/realms/master/protocol/openid-connect/token",
        data={"grant_type": "password", "client_id": "admin-cli", "username": client_id, "password": secret},
    )
    tokens = response.json()
    ended = httpx.post(
        f"{base_url}/realms/master/protocol/openid-connect/logout",
        data={"client_id": "admin-cli", "refresh_token": tokens["refresh_token"]},
    )
    assert ended.status_code == 204
    for token in (tokens["access_token"], tokens["refresh_token"]):
        with bearer(base_url, token) as client:
            refused = client.get("/builtins/auth/tokens")
        assert refused.status_code == 401
        assert refused.json() == {"message": "401 Unauthorized: Token Is Invalid"}
