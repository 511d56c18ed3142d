"""A new realm's built-in clients as Keycloak 24 seeds them: URLs, flags, attributes, protocol mappers,
client scopes and scope mappings; the admin clients' tokens still carry the roles admin rights need."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
from keycloak import KeycloakAdmin

OIDC_DEFAULTS = ["acr", "email", "profile", "roles", "web-origins"]
OIDC_OPTIONALS = ["address", "microprofile-jwt", "offline_access", "phone"]
LOGOUT = {"post.logout.redirect.uris": "+"}
PKCE = {"pkce.code.challenge.method": "S256"}


def _expected(realm: str) -> dict[str, dict[str, Any]]:
    account = {
        "rootUrl": "${authBaseUrl}",
        "baseUrl": f"/realms/{realm}/account/",
        "redirectUris": [f"/realms/{realm}/account/*"],
        "webOrigins": [],
        "publicClient": True,
        "bearerOnly": False,
    }
    return {
        "account": {**account, "attributes": LOGOUT},
        "account-console": {**account, "directAccessGrantsEnabled": False, "attributes": LOGOUT | PKCE},
        "admin-cli": {
            "publicClient": True,
            "standardFlowEnabled": False,
            "directAccessGrantsEnabled": True,
            "redirectUris": [],
            "attributes": LOGOUT,
        },
        "broker": {"bearerOnly": True, "publicClient": False, "attributes": LOGOUT},
        "realm-management": {"bearerOnly": True, "publicClient": False, "attributes": LOGOUT},
        "security-admin-console": {
            "rootUrl": "${authAdminUrl}",
            "baseUrl": f"/admin/{realm}/console/",
            "redirectUris": [f"/admin/{realm}/console/*"],
            "webOrigins": ["+"],
            "publicClient": True,
            "attributes": LOGOUT | PKCE,
        },
    }


def test_builtin_clients_have_keycloaks_configuration(kc: KeycloakAdmin, realm: str) -> None:
    clients = {c["clientId"]: c for c in kc.get_clients()}
    for client_id, expected in _expected(realm).items():
        got = clients[client_id]
        assert {k: got[k] for k in expected} == expected, client_id
        assert got["fullScopeAllowed"] is False, client_id
        assert got["nodeReRegistrationTimeout"] == 0, client_id
        assert got["defaultClientScopes"] == OIDC_DEFAULTS, client_id
        assert got["optionalClientScopes"] == OIDC_OPTIONALS, client_id
    console = clients["account-console"]
    assert [(m["name"], m["protocolMapper"], m["config"]) for m in console["protocolMappers"]] == [
        ("audience resolve", "oidc-audience-resolve-mapper", {})
    ]
    scoped = kc.get_client_roles_of_client_scope(console["id"], clients["account"]["id"])
    assert {r["name"] for r in scoped} == {"manage-account", "view-groups"}
    locale = kc.get_mappers_from_client(clients["security-admin-console"]["id"])
    assert [(m["name"], m["protocolMapper"]) for m in locale] == [
        ("locale", "oidc-usermodel-attribute-mapper")
    ]
    assert locale[0]["config"]["claim.name"] == "locale" and locale[0]["config"]["user.attribute"] == "locale"
    assert all("protocolMappers" not in clients[c] for c in ("account", "admin-cli", "broker"))
    offline = next(s for s in kc.get_client_scopes() if s["name"] == "offline_access")
    mapped = kc.connection.raw_get(
        f"admin/realms/{realm}/client-scopes/{offline['id']}/scope-mappings/realm"
    ).json()
    assert [r["name"] for r in mapped] == ["offline_access"]


def _claims(token: str) -> dict[str, Any]:
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def test_admin_cli_tokens_carry_the_admin_roles(
    admin_token: str, kc_admin: KeycloakAdmin, admin: httpx.Client
) -> None:
    claims = _claims(admin_token)
    assert claims["azp"] == "admin-cli"
    assert "admin" in claims["realm_access"]["roles"], "admin rights are judged by the user's roles"
    cli = next(c for c in kc_admin.get_clients() if c["clientId"] == "admin-cli")
    assert cli["fullScopeAllowed"] is False
    assert kc_admin.get_realms(), "and the admin API answers them"
    master_id = admin.get("/admin/realms/master").json()["id"]
    base = f"/admin/realms/master/clients/{cli['id']}/evaluate-scopes/scope-mappings/{master_id}"
    assert "admin" in {r["name"] for r in admin.get(f"{base}/granted").json()}, "evaluate-scopes agrees"
    assert admin.get(f"{base}/not-granted").json() == []
