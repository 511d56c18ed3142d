"""Initial access tokens, registration policy providers, the description converter, public realm info."""

from __future__ import annotations

import base64
from collections.abc import Callable

import httpx
from cryptography.hazmat.primitives import serialization
from keycloak import KeycloakOpenID

from models import ClientInitialAccess, raw
from tests.support import RunningServer


async def _hashes() -> list[str]:
    return await raw.column_values(ClientInitialAccess.all(), "token_hash", str)


def test_initial_access_tokens(admin: httpx.Client, realm: str, server: RunningServer) -> None:
    url = f"/admin/realms/{realm}/clients-initial-access"
    made = admin.post(url, json={"expiration": 3600, "count": 2})
    assert made.status_code == 201
    body = made.json()
    assert made.headers["Location"].endswith(f"{url}/{body['id']}")
    assert body["count"] == 2 and body["remainingCount"] == 2 and body["expiration"] == 3600
    assert len(body["token"]) > 40 and body["timestamp"] > 0
    assert body["token"] not in server.run(_hashes())
    listed = admin.get(url).json()
    assert [e["id"] for e in listed] == [body["id"]] and "token" not in listed[0]
    assert admin.post(url, json={"count": -1}).status_code == 400
    assert admin.post(url, json={"expiration": "soon"}).status_code == 400
    assert admin.delete(f"{url}/{body['id']}").status_code == 204
    assert admin.get(url).json() == []
    assert admin.delete(f"{url}/{body['id']}").status_code == 204


def test_registration_policy_providers(admin: httpx.Client, realm: str) -> None:
    found = admin.get(f"/admin/realms/{realm}/client-registration-policy/providers").json()
    ids = {p["id"] for p in found}
    assert {"trusted-hosts", "max-clients", "allowed-protocol-mappers", "consent-required", "scope"} <= ids
    max_clients = next(p for p in found if p["id"] == "max-clients")
    assert max_clients["properties"][0]["name"] == "max-clients"


def test_description_converter(admin: httpx.Client, realm: str) -> None:
    url = f"/admin/realms/{realm}/client-description-converter"
    metadata = {
        "client_id": "described",
        "client_name": "Described",
        "redirect_uris": ["https://d.example/cb"],
        "grant_types": ["authorization_code", "client_credentials", "password"],
        "token_endpoint_auth_method": "private_key_jwt",
        "jwks_uri": "https://d.example/jwks",
        "logo_uri": "https://d.example/logo.png",
    }
    rep = admin.post(url, content=str(metadata).replace("'", '"')).json()
    assert rep["clientId"] == "described" and rep["name"] == "Described"
    assert rep["redirectUris"] == ["https://d.example/cb"] and rep["protocol"] == "openid-connect"
    assert rep["standardFlowEnabled"] is True and rep["serviceAccountsEnabled"] is True
    assert rep["directAccessGrantsEnabled"] is True and rep["implicitFlowEnabled"] is False
    assert rep["clientAuthenticatorType"] == "client-jwt" and rep["publicClient"] is False
    assert rep["attributes"]["jwks.url"] == "https://d.example/jwks" and "id" not in rep
    public = admin.post(url, json={"redirect_uris": ["x:/cb"], "token_endpoint_auth_method": "none"}).json()
    assert public["publicClient"] is True
    keycloak_rep = admin.post(url, json={"clientId": "kc-json", "bearerOnly": True}).json()
    assert keycloak_rep["clientId"] == "kc-json" and keycloak_rep["bearerOnly"] is True
    assert admin.post(url, content=b"<EntityDescriptor/>").status_code == 400
    assert admin.post(url, json={"redirect_uris": "nope"}).status_code == 400
    assert admin.get(f"/admin/realms/{realm}/clients", params={"clientId": "described"}).json() == []


def test_public_realm_info(anonymous: httpx.Client, base_url: str, realm: str) -> None:
    info = anonymous.get(f"/realms/{realm}")
    assert info.status_code == 200
    body = info.json()
    assert body["realm"] == realm and body["tokens-not-before"] == 0
    assert body["token-service"] == f"{base_url}/realms/{realm}/protocol/openid-connect"
    assert body["account-service"] == f"{base_url}/realms/{realm}/account"
    serialization.load_der_public_key(base64.b64decode(body["public_key"]))
    openid = KeycloakOpenID(server_url=base_url + "/", realm_name=realm, client_id="account")
    assert openid.public_key() == body["public_key"]
    assert anonymous.get("/realms/no-such-realm").status_code == 404


def test_registration_rights(caller_with: Callable[..., httpx.Client], realm: str) -> None:
    viewer = caller_with("view-clients")
    assert viewer.get(f"/admin/realms/{realm}/clients-initial-access").status_code == 200
    assert viewer.post(f"/admin/realms/{realm}/clients-initial-access", json={}).status_code == 403
    assert viewer.post(f"/admin/realms/{realm}/client-description-converter", json={}).status_code == 403
    assert viewer.get(f"/admin/realms/{realm}/client-registration-policy/providers").status_code == 403
    assert (
        caller_with("view-realm")
        .get(f"/admin/realms/{realm}/client-registration-policy/providers")
        .status_code
        == 200
    )
