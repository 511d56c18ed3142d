"""The realm's OpenID Connect endpoints: grants, errors, certs, userinfo, introspection, logout."""

from __future__ import annotations

import httpx
import pytest
from jwcrypto import jwk, jws

from tests.support import ADMIN_PASSWORD, ADMIN_USERNAME, unique

OIDC = "/realms/{realm}/protocol/openid-connect"


@pytest.fixture
def person(admin: httpx.Client, realm: str) -> dict[str, str]:
    username = unique("user")
    response = admin.post(
        f"/admin/realms/{realm}/users",
        json={
            "username": username,
            "email": f"{username}@x.io",
            "firstName": "Pat",
            "enabled": True,
            "credentials": [{"type": "password", "value": "s3cret!", "temporary": False}],
        },
    )
    assert response.status_code == 201
    return {"username": username, "id": response.headers["Location"].rsplit("/", 1)[1], "password": "s3cret!"}


@pytest.fixture
def service_client(admin: httpx.Client, realm: str) -> dict[str, str]:
    response = admin.post(
        f"/admin/realms/{realm}/clients",
        json={
            "clientId": "backend",
            "secret": "backend-secret",
            "publicClient": False,
            "serviceAccountsEnabled": True,
        },
    )
    assert response.status_code == 201
    return {"client_id": "backend", "client_secret": "backend-secret"}


def _token(anonymous: httpx.Client, realm: str, **form: str) -> httpx.Response:
    return anonymous.post(OIDC.format(realm=realm) + "/token", data=form)


def test_password_grant_returns_keycloak_fields_signed_by_the_realm_key(
    anonymous: httpx.Client, realm: str, person: dict[str, str]
) -> None:
    response = _token(
        anonymous,
        realm,
        grant_type="password",
        client_id="admin-cli",
        username=person["username"],
        password=person["password"],
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert {
        "access_token",
        "expires_in",
        "refresh_expires_in",
        "refresh_token",
        "token_type",
        "scope",
        "session_state",
    } <= set(body)
    assert body["token_type"] == "Bearer" and body["expires_in"] == 300 and body["refresh_expires_in"] == 1800
    assert response.headers["cache-control"] == "no-store"
    certs = anonymous.get(OIDC.format(realm=realm) + "/certs").json()["keys"]
    token = jws.JWS()
    token.deserialize(body["access_token"])
    token.verify(jwk.JWK(**certs[0]), alg="RS256")
    import json

    claims = json.loads(token.payload)
    assert claims["sub"] == person["id"] and claims["preferred_username"] == person["username"]
    assert claims["iss"].endswith(f"/realms/{realm}") and claims["typ"] == "Bearer"
    assert f"default-roles-{realm}" in claims["realm_access"]["roles"]
    assert "offline_access" in claims["realm_access"]["roles"], "composites expanded"


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({}, 400, "invalid_request"),
        ({"grant_type": "magic", "client_id": "admin-cli"}, 400, "unsupported_grant_type"),
        (
            {"grant_type": "password", "client_id": "nope", "username": "a", "password": "b"},
            401,
            "invalid_client",
        ),
        (
            {"grant_type": "password", "client_id": "admin-cli", "username": "ghost", "password": "b"},
            401,
            "invalid_grant",
        ),
        (
            {"grant_type": "password", "client_id": "account", "username": "a", "password": "b"},
            400,
            "unauthorized_client",
        ),
        ({"grant_type": "client_credentials", "client_id": "admin-cli"}, 401, "unauthorized_client"),
        (
            {"grant_type": "refresh_token", "client_id": "admin-cli", "refresh_token": "garbage"},
            400,
            "invalid_grant",
        ),
    ],
)
def test_grant_errors_in_oauth2_form(
    anonymous: httpx.Client, realm: str, form: dict[str, str], status: int, error: str
) -> None:
    response = _token(anonymous, realm, **form)
    assert response.status_code == status, response.text
    assert response.json()["error"] == error and response.json()["error_description"]


def test_wrong_password_and_disabled_user(
    admin: httpx.Client, anonymous: httpx.Client, realm: str, person: dict[str, str]
) -> None:
    bad = _token(
        anonymous,
        realm,
        grant_type="password",
        client_id="admin-cli",
        username=person["username"],
        password="wrong",
    )
    assert bad.status_code == 401 and bad.json()["error_description"] == "Invalid user credentials"
    admin.put(f"/admin/realms/{realm}/users/{person['id']}", json={"enabled": False})
    off = _token(
        anonymous,
        realm,
        grant_type="password",
        client_id="admin-cli",
        username=person["username"],
        password=person["password"],
    )
    assert off.status_code == 400 and off.json()["error_description"] == "Account disabled"


def test_temporary_password_requires_an_action(
    admin: httpx.Client, anonymous: httpx.Client, realm: str
) -> None:
    admin.post(
        f"/admin/realms/{realm}/users",
        json={
            "username": "temp",
            "enabled": True,
            "credentials": [{"type": "password", "value": "t", "temporary": True}],
        },
    )
    response = _token(
        anonymous, realm, grant_type="password", client_id="admin-cli", username="temp", password="t"
    )
    assert (
        response.status_code == 400 and response.json()["error_description"] == "Account is not fully set up"
    )


def test_client_credentials_for_a_confidential_client(
    anonymous: httpx.Client, realm: str, service_client: dict[str, str]
) -> None:
    response = _token(anonymous, realm, grant_type="client_credentials", **service_client)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "refresh_token" not in body and body["refresh_expires_in"] == 0
    basic = anonymous.post(
        OIDC.format(realm=realm) + "/token",
        data={"grant_type": "client_credentials"},
        auth=(service_client["client_id"], service_client["client_secret"]),
    )
    assert basic.status_code == 200
    wrong = _token(anonymous, realm, grant_type="client_credentials", client_id="backend", client_secret="x")
    assert wrong.status_code == 401 and wrong.json()["error"] == "unauthorized_client"


def test_refresh_userinfo_introspect_and_logout(
    anonymous: httpx.Client, realm: str, person: dict[str, str], service_client: dict[str, str]
) -> None:
    first = _token(
        anonymous,
        realm,
        grant_type="password",
        client_id="admin-cli",
        username=person["username"],
        password=person["password"],
        scope="openid",
    ).json()
    assert "id_token" in first and first["scope"].startswith("openid")
    refreshed = _token(
        anonymous,
        realm,
        grant_type="refresh_token",
        client_id="admin-cli",
        refresh_token=first["refresh_token"],
    )
    assert refreshed.status_code == 200
    access = refreshed.json()["access_token"]

    info = anonymous.get(
        OIDC.format(realm=realm) + "/userinfo", headers={"Authorization": f"Bearer {access}"}
    )
    assert info.status_code == 200
    assert info.json()["sub"] == person["id"] and info.json()["given_name"] == "Pat"
    assert anonymous.get(OIDC.format(realm=realm) + "/userinfo").status_code == 401

    intro = anonymous.post(
        OIDC.format(realm=realm) + "/token/introspect", data={"token": access, **service_client}
    )
    assert intro.json()["active"] is True and intro.json()["username"] == person["username"]
    public = anonymous.post(
        OIDC.format(realm=realm) + "/token/introspect", data={"token": access, "client_id": "admin-cli"}
    )
    assert public.status_code == 401

    out = anonymous.post(
        OIDC.format(realm=realm) + "/logout",
        data={"client_id": "admin-cli", "refresh_token": first["refresh_token"]},
    )
    assert out.status_code == 204
    intro = anonymous.post(
        OIDC.format(realm=realm) + "/token/introspect", data={"token": access, **service_client}
    )
    assert intro.json() == {"active": False}, "logout revokes every token of the session"
    again = _token(
        anonymous,
        realm,
        grant_type="refresh_token",
        client_id="admin-cli",
        refresh_token=first["refresh_token"],
    )
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    info = anonymous.get(
        OIDC.format(realm=realm) + "/userinfo", headers={"Authorization": f"Bearer {access}"}
    )
    assert info.status_code == 401


def test_openid_configuration(anonymous: httpx.Client, realm: str) -> None:
    config = anonymous.get(f"/realms/{realm}/.well-known/openid-configuration").json()
    assert config["issuer"] == f"{anonymous.base_url}/realms/{realm}"
    assert config["token_endpoint"].endswith(f"/realms/{realm}/protocol/openid-connect/token")
    assert anonymous.get(config["jwks_uri"].replace(str(anonymous.base_url), "")).status_code == 200


def test_master_admin_logs_in_with_admin_cli(anonymous: httpx.Client) -> None:
    response = _token(
        anonymous,
        "master",
        grant_type="password",
        client_id="admin-cli",
        username=ADMIN_USERNAME,
        password=ADMIN_PASSWORD,
    )
    assert response.status_code == 200
