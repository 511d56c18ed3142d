"""The full ClientRepresentation: Keycloak's defaults, every field kept, the list's filters."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from keycloak import KeycloakAdmin

from models import Client
from tests.support import RunningServer


async def _row(client_uuid: str) -> Client:
    return await Client.get(id=client_uuid)


def test_a_created_client_gets_keycloaks_defaults(kc: KeycloakAdmin) -> None:
    client = kc.get_client(kc.create_client({"clientId": "plain"}))
    expected = {
        "clientId": "plain",
        "surrogateAuthRequired": False,
        "enabled": True,
        "alwaysDisplayInConsole": False,
        "clientAuthenticatorType": "client-secret",
        "redirectUris": [],
        "webOrigins": [],
        "notBefore": 0,
        "bearerOnly": False,
        "consentRequired": False,
        "standardFlowEnabled": True,
        "implicitFlowEnabled": False,
        "directAccessGrantsEnabled": True,
        "serviceAccountsEnabled": False,
        "publicClient": False,
        "frontchannelLogout": True,
        "protocol": "openid-connect",
        "attributes": {},
        "authenticationFlowBindingOverrides": {},
        "fullScopeAllowed": True,
        "nodeReRegistrationTimeout": -1,
        "access": {"view": True, "configure": True, "manage": True},
    }
    assert {k: client[k] for k in expected} == expected
    assert isinstance(client["secret"], str) and len(client["secret"]) >= 24
    assert "authorizationServicesEnabled" not in client and "registeredNodes" not in client


def test_every_field_is_kept_and_returned(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    uuid = kc.create_client({"clientId": "rich", "attributes": {"pkce.code.challenge.method": "S256"}})
    update = {
        "adminUrl": "https://admin.example",
        "rootUrl": "https://root.example",
        "baseUrl": "/home",
        "surrogateAuthRequired": True,
        "alwaysDisplayInConsole": True,
        "consentRequired": True,
        "authorizationServicesEnabled": True,
        "fullScopeAllowed": False,
        "frontchannelLogout": False,
        "nodeReRegistrationTimeout": 60,
        "notBefore": 17,
        "clientAuthenticatorType": "client-jwt",
        "attributes": {"custom.thing": "yes", "post.logout.redirect.uris": "+"},
        "defaultClientScopes": ["profile"],
        "optionalClientScopes": ["address"],
        "protocolMappers": [{"name": "m", "protocol": "openid-connect", "protocolMapper": "x", "config": {}}],
        "someFutureSetting": {"a": 1},
    }
    kc.update_client(uuid, update)
    client = kc.get_client(uuid)
    mappers = client.pop("protocolMappers")
    assert {k: client[k] for k in update if k != "protocolMappers"} == {
        k: v for k, v in update.items() if k != "protocolMappers"
    }
    assert [{k: m[k] for k in ("name", "protocol", "protocolMapper", "config")} for m in mappers] == (
        update["protocolMappers"]
    ), "real mappers, with ids"
    assert kc.get_mappers_from_client(uuid) == mappers
    assert [s["name"] for s in kc.get_client_default_client_scopes(uuid)] == ["profile"]
    assert admin.put(f"/admin/realms/{realm}/clients/{uuid}", json={"consentRequired": 1}).status_code == 400
    assert admin.put(f"/admin/realms/{realm}/clients/{uuid}", json={"notBefore": "x"}).status_code == 400
    bad = admin.put(f"/admin/realms/{realm}/clients/{uuid}", json={"adminUrl": ["x"]})
    assert bad.status_code == 400 and bad.json()["errorMessage"] == "adminUrl must be a string"


def test_a_generated_secret_is_readable_and_sealed_at_rest(kc: KeycloakAdmin, server: RunningServer) -> None:
    uuid = kc.create_client({"clientId": "confidential"})
    secret = kc.get_client(uuid)["secret"]
    row = server.run(_row(uuid))
    assert row.secret_enc and secret not in row.secret_enc
    public = kc.get_client(kc.create_client({"clientId": "pub", "publicClient": True}))
    assert "secret" not in public


def test_list_filters(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    kc.create_client({"clientId": "alpha-one", "attributes": {"team": "red", "tier": "1"}})
    kc.create_client({"clientId": "alpha-two", "attributes": {"team": "blue"}})
    url = f"/admin/realms/{realm}/clients"

    def ids(**params: str) -> list[str]:
        response = admin.get(url, params=params)
        assert response.status_code == 200, response.text
        return [c["clientId"] for c in response.json()]

    assert ids(clientId="alpha-one") == ["alpha-one"]
    assert ids(clientId="alpha") == []
    assert ids(clientId="ALPHA", search="true") == ["alpha-one", "alpha-two"]
    assert ids(q="team:red") == ["alpha-one"]
    assert ids(q="team:red tier:2") == []
    assert ids(clientId="alpha", search="true", first="1", max="1") == ["alpha-two"]
    assert [c["clientId"] for c in kc.get_clients() if c["clientId"].startswith("alpha")] == [
        "alpha-one",
        "alpha-two",
    ]
    assert admin.get(url, params={"first": "x"}).status_code == 400
    assert admin.get(url, params={"viewableOnly": "maybe"}).status_code == 400


def test_a_querier_sees_ids_only(
    caller_with: Callable[..., httpx.Client], kc: KeycloakAdmin, realm: str
) -> None:
    kc.create_client({"clientId": "seen", "description": "d"})
    querier = caller_with("query-clients")
    url = f"/admin/realms/{realm}/clients"
    found = querier.get(url, params={"clientId": "seen"}).json()
    assert [set(c) for c in found] == [{"id", "clientId", "description"}]
    assert querier.get(url, params={"clientId": "seen", "viewableOnly": "true"}).json() == []
    viewer = caller_with("view-clients")
    seen = viewer.get(url, params={"clientId": "seen", "viewableOnly": "true"}).json()
    assert seen[0]["access"] == {"view": True, "configure": False, "manage": False}
    assert caller_with().get(url).status_code == 403
