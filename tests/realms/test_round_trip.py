"""Real Keycloak realm exports (tests/data/realms), created with python-keycloak's ``create_realm`` and
read back through the admin API, give back their clients, protocol mappers, client scopes and scope
mappings: the same ids, names, configs and links, with Keycloak's defaults where the export is silent.
Secrets and private keys are sealed at rest."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from keycloak import KeycloakAdmin

from core.runtime import secret_box
from models import Client
from tests.support import RunningServer, unique

REALMS = Path(__file__).parent.parent / "data" / "realms"

OIDC_DEFAULTS = {"acr", "email", "profile", "roles", "web-origins"}
OIDC_OPTIONALS = {"address", "microprofile-jwt", "offline_access", "phone"}

# Fields the admin API legitimately gives back otherwise than an export holds them.
DIFFERING = {
    # Each client scope link is read back from its own endpoint and compared as a set (an export's order
    # is the exporting server's, the API's is by name).
    "defaultClientScopes",
    "optionalClientScopes",
    # Compared mapper by mapper below (ids are given where the export has none).
    "protocolMappers",
}


def _export(name: str, realm: str) -> dict[str, Any]:
    rep = json.loads((REALMS / name).read_text())
    rep["realm"] = rep["id"] = realm
    # Users' ids are global and other tests import the same exports: users are not what is compared here.
    for user in rep.get("users", []):
        user.pop("id", None)
    return rep


def _jackson(value: Any) -> Any:
    """Keycloak reads "true"/"false" strings of its Boolean fields as booleans."""
    return {"true": True, "false": False}.get(value, value) if isinstance(value, str) else value


def _mapper(rep: dict[str, Any]) -> dict[str, Any]:
    """A ProtocolMapperRepresentation with Keycloak's defaults for what the export leaves out."""
    config = {k: v if isinstance(v, str) else json.dumps(v) for k, v in (rep.get("config") or {}).items()}
    return {
        "name": rep["name"],
        "protocol": rep.get("protocol", "openid-connect"),
        "protocolMapper": rep["protocolMapper"],
        "consentRequired": rep.get("consentRequired", False),
        "config": config,
    }


def _compare_client(kc: KeycloakAdmin, exported: dict[str, Any], got: dict[str, Any]) -> None:
    where = exported["clientId"]
    if "id" in exported:
        assert got["id"] == exported["id"], where
    for key, value in exported.items():
        if key in DIFFERING or key == "id":
            continue
        assert _jackson(got.get(key)) == _jackson(value), f"{where}.{key}"
    mappers = kc.get_mappers_from_client(got["id"])
    assert mappers == got.get("protocolMappers", []), f"{where}: GET and protocol-mappers/models agree"
    by_name = {m["name"]: m for m in mappers}
    assert sorted(by_name) == sorted(m["name"] for m in exported.get("protocolMappers", [])), where
    for m in exported.get("protocolMappers", []):
        mine = by_name[m["name"]]
        if "id" in m:
            assert mine["id"] == m["id"], f"{where}: mapper {m['name']}"
        assert {k: mine[k] for k in _mapper(m)} == _mapper(m), f"{where}: mapper {m['name']}"
    defaults = {s["name"] for s in kc.get_client_default_client_scopes(got["id"])}
    optionals = {s["name"] for s in kc.get_client_optional_client_scopes(got["id"])}
    assert set(got["defaultClientScopes"]) == defaults and set(got["optionalClientScopes"]) == optionals
    if "defaultClientScopes" in exported or "optionalClientScopes" in exported:
        # Given one list, Keycloak's createClient links only what the export names.
        assert defaults == set(exported.get("defaultClientScopes", [])), where
        assert optionals == set(exported.get("optionalClientScopes", [])), where
    else:
        assert (defaults, optionals) == (OIDC_DEFAULTS, OIDC_OPTIONALS), f"{where}: the realm defaults"


def _scope_mappings(kc: KeycloakAdmin, rep: dict[str, Any], uuid_of: dict[str, str]) -> None:
    """The scope mappings of clients (those of client scopes have no python-keycloak call)."""
    for item in [i for i in rep.get("scopeMappings", []) if "client" in i]:
        realm_roles = kc.get_realm_roles_of_client_scope(uuid_of[item["client"]])
        assert {r["name"] for r in realm_roles} == set(item["roles"]), item
    for role_client, items in rep.get("clientScopeMappings", {}).items():
        for item in [i for i in items if "client" in i]:
            got = kc.get_client_roles_of_client_scope(uuid_of[item["client"]], uuid_of[role_client])
            assert {r["name"] for r in got} == set(item["roles"]), (role_client, item)


@pytest.mark.parametrize(
    "name",
    [
        "keycloak-client-testrealm.json",
        "keycloak-client-testrealm-keycloak-6146.json",
        "keycloak-quickstarts-fine-grain-demo.json",
    ],
)
def test_a_realm_export_round_trips_its_clients(kc_admin: KeycloakAdmin, name: str) -> None:
    realm = unique("trip")
    rep = _export(name, realm)
    kc_admin.create_realm(rep)
    kc_admin.change_current_realm(realm)
    try:
        clients = {c["clientId"]: c for c in kc_admin.get_clients()}
        for exported in rep.get("clients", []):
            got = kc_admin.get_client(clients[exported["clientId"]]["id"])
            assert got == clients[exported["clientId"]], "the list shows each client in full"
            _compare_client(kc_admin, exported, got)
        _scope_mappings(kc_admin, rep, {c: v["id"] for c, v in clients.items()})
        scopes = {s["name"] for s in kc_admin.get_client_scopes()}
        assert scopes >= OIDC_DEFAULTS | OIDC_OPTIONALS, "an export without clientScopes keeps the built-in"
    finally:
        kc_admin.change_current_realm("master")
        kc_admin.delete_realm(realm)


def _kc24_export(realm: str) -> dict[str, Any]:
    """A Keycloak 24-shaped export: its own client scopes and realm defaults, a client with mapper ids and
    scope links, scope mappings of clients and of client scopes."""
    tag = unique("id")
    return {
        "realm": realm,
        "enabled": True,
        "roles": {
            "realm": [{"name": "reader"}, {"name": "writer"}, {"name": "offline_access"}],
            "client": {"shop": [{"name": "buyer"}]},
        },
        "clientScopes": [
            {
                "id": f"{tag}-profile",
                "name": "profile",
                "protocol": "openid-connect",
                "attributes": {"include.in.token.scope": "true", "display.on.consent.screen": "true"},
                "protocolMappers": [
                    {
                        "id": f"{tag}-username",
                        "name": "username",
                        "protocol": "openid-connect",
                        "protocolMapper": "oidc-usermodel-attribute-mapper",
                        "consentRequired": False,
                        "config": {"user.attribute": "username", "claim.name": "preferred_username"},
                    }
                ],
            },
            {"id": f"{tag}-extra", "name": "extra", "protocol": "openid-connect", "attributes": {}},
        ],
        "defaultDefaultClientScopes": ["profile"],
        "defaultOptionalClientScopes": ["extra"],
        "clients": [
            {
                "id": f"{tag}-shop",
                "clientId": "shop",
                "secret": "s3cr3t-value",
                "fullScopeAllowed": False,
                "attributes": {"saml.signing.private.key": "MIIprivatekeymaterial"},
                "protocolMappers": [
                    {
                        "id": f"{tag}-aud",
                        "name": "aud",
                        "protocol": "openid-connect",
                        "protocolMapper": "oidc-audience-mapper",
                        "config": {"included.custom.audience": "foo", "access.token.claim": "true"},
                    },
                    {
                        "name": "realm roles",
                        "protocol": "openid-connect",
                        "protocolMapper": "oidc-usermodel-realm-role-mapper",
                        "config": {
                            "claim.name": "realm_access.roles",
                            "multivalued": "true",
                            "access.token.claim": "true",
                        },
                    },
                ],
                "defaultClientScopes": ["profile"],
                "optionalClientScopes": ["extra"],
            },
            {"clientId": "plain"},
        ],
        "scopeMappings": [
            {"client": "shop", "roles": ["reader"]},
            {"clientScope": "extra", "roles": ["reader"]},
        ],
        "clientScopeMappings": {"shop": [{"clientScope": "profile", "roles": ["buyer"]}]},
        "users": [
            {
                "username": "reading-user",
                "enabled": True,
                "credentials": [{"type": "password", "value": "pw-of-reader"}],
                "realmRoles": ["reader", "writer"],
            }
        ],
    }


async def _row(client_uuid: str) -> Client:
    return await Client.get(id=client_uuid)


def _claims(token: str) -> dict[str, Any]:
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def test_an_export_with_its_own_client_scopes(
    kc_admin: KeycloakAdmin, admin: httpx.Client, anonymous: httpx.Client, server: RunningServer
) -> None:
    realm = unique("kc24")
    rep = _kc24_export(realm)
    kc_admin.create_realm(rep)
    base = f"/admin/realms/{realm}"
    kc_admin.change_current_realm(realm)
    try:
        scopes = {s["name"]: s for s in kc_admin.get_client_scopes()}
        assert set(scopes) == {"profile", "extra", "offline_access"}, "replaced, offline_access kept"
        profile = rep["clientScopes"][0]
        assert scopes["profile"]["id"] == profile["id"]
        assert scopes["profile"]["attributes"] == profile["attributes"]
        got_mappers = kc_admin.get_mappers_from_client_scope(profile["id"])
        assert [{k: m[k] for k in _mapper(profile["protocolMappers"][0])} for m in got_mappers] == [
            _mapper(profile["protocolMappers"][0])
        ]
        assert got_mappers[0]["id"] == profile["protocolMappers"][0]["id"]
        assert [s["name"] for s in kc_admin.get_default_default_client_scopes()] == ["profile"]
        assert {s["name"] for s in kc_admin.get_default_optional_client_scopes()} == {
            "extra",
            "offline_access",
        }
        clients = {c["clientId"]: c for c in kc_admin.get_clients()}
        shop = clients["shop"]
        exported = dict(rep["clients"][0])
        exported.pop("attributes")  # the private key is sealed and never shown
        _compare_client(kc_admin, exported, shop)
        assert "saml.signing.private.key" not in shop["attributes"]
        plain = clients["plain"]
        assert set(plain["defaultClientScopes"]) == {"profile"}, "the export's realm defaults"
        assert set(plain["optionalClientScopes"]) == {"extra", "offline_access"}
        assert plain["fullScopeAllowed"] is True and plain["frontchannelLogout"] is True
        uuid_of = {c: v["id"] for c, v in clients.items()}
        _scope_mappings(kc_admin, rep, uuid_of)
        extra = admin.get(f"{base}/client-scopes/{rep['clientScopes'][1]['id']}/scope-mappings/realm")
        assert [r["name"] for r in extra.json()] == ["reader"]
        buyer = admin.get(f"{base}/client-scopes/{profile['id']}/scope-mappings/clients/{uuid_of['shop']}")
        assert [r["name"] for r in buyer.json()] == ["buyer"]

        # The kept secret authenticates the client, and its scope shapes the token.
        token = anonymous.post(
            f"/realms/{realm}/protocol/openid-connect/token",
            data={
                "grant_type": "password",
                "client_id": "shop",
                "client_secret": "s3cr3t-value",
                "username": "reading-user",
                "password": "pw-of-reader",
            },
        )
        assert token.status_code == 200, token.text
        claims = _claims(token.json()["access_token"])
        assert "reader" in claims["realm_access"]["roles"]
        assert "writer" not in claims["realm_access"]["roles"], "not in the client's scope"
        assert claims["aud"] == "foo" or "foo" in claims["aud"], "the imported audience mapper"

        row = server.run(_row(shop["id"]))
        assert row.secret_enc and "s3cr3t-value" not in row.secret_enc
        assert secret_box().open(row.secret_enc) == "s3cr3t-value"
        stored = json.dumps({"attributes": row.attributes, "config": row.config})
        assert "MIIprivatekeymaterial" not in stored
        sealed = row.config["iamgraph.privateKeys"]["saml.signing"]
        assert secret_box().open(sealed) == "MIIprivatekeymaterial"
    finally:
        kc_admin.change_current_realm("master")
        kc_admin.delete_realm(realm)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"clients": [{"clientId": "c", "defaultClientScopes": ["ghost"]}]}, "client scope ghost"),
        ({"defaultDefaultClientScopes": ["ghost"]}, "client scope ghost"),
        ({"scopeMappings": [{"client": "nobody", "roles": ["r"]}]}, "client nobody"),
        ({"scopeMappings": [{"clientScope": "ghost", "roles": ["r"]}]}, "client scope ghost"),
        ({"scopeMappings": [{"roles": ["r"]}]}, "names a client or a clientScope"),
        ({"clientScopeMappings": {"ghost": [{"client": "admin-cli", "roles": ["r"]}]}}, "client ghost"),
        ({"clients": [{"clientId": "c", "protocolMappers": [{"name": "m"}]}]}, "protocolMapper"),
        ({"clients": [{"clientId": "c"}, {"clientId": "c"}]}, "given twice"),
    ],
)
def test_what_an_export_cannot_keep_is_a_400_naming_it(
    admin: httpx.Client, patch: dict, message: str
) -> None:
    realm = unique("lost")
    response = admin.post("/admin/realms", json={"realm": realm, "enabled": True, **patch})
    assert response.status_code == 400, response.text
    assert message in response.json()["errorMessage"]
    assert admin.get(f"/admin/realms/{realm}").status_code == 404


def test_an_id_taken_already_is_a_conflict(admin: httpx.Client, realm: str) -> None:
    taken = admin.get(f"/admin/realms/{realm}/clients", params={"clientId": "account"}).json()[0]["id"]
    other = unique("dup")
    response = admin.post(
        "/admin/realms", json={"realm": other, "clients": [{"id": taken, "clientId": "account"}]}
    )
    assert response.status_code == 409, response.text
    assert admin.get(f"/admin/realms/{other}").status_code == 404
