"""Client scopes and client templates, the realm's and a client's default and optional scopes."""

from __future__ import annotations

import httpx
import pytest
from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakGetError

BUILTIN = {
    "acr",
    "address",
    "email",
    "microprofile-jwt",
    "offline_access",
    "phone",
    "profile",
    "role_list",
    "roles",
    "web-origins",
}


def _names(reps: list[dict[str, object]]) -> set[object]:
    return {r["name"] for r in reps}


def test_new_realm_has_keycloak_builtin_scopes_and_defaults(
    kc: KeycloakAdmin, admin: httpx.Client, realm: str
) -> None:
    scopes = {s["name"]: s for s in kc.get_client_scopes()}
    assert set(scopes) == BUILTIN
    profile = scopes["profile"]
    assert profile["protocol"] == "openid-connect"
    assert profile["attributes"]["include.in.token.scope"] == "true"
    assert {m["name"] for m in profile["protocolMappers"]} >= {
        "username",
        "full name",
        "given name",
        "locale",
    }
    assert "protocolMappers" not in scopes["offline_access"]
    assert scopes["role_list"]["protocol"] == "saml"
    defaults = admin.get(f"/admin/realms/{realm}/default-default-client-scopes").json()
    assert _names(defaults) == {"role_list", "profile", "email", "roles", "web-origins", "acr"}
    assert set(defaults[0]) == {"id", "name"}
    assert _names(kc.get_default_optional_client_scopes()) == {
        "offline_access",
        "address",
        "phone",
        "microprofile-jwt",
    }
    client = kc.create_client({"clientId": "app"})
    assert _names(kc.get_client_default_client_scopes(client)) == {
        "profile",
        "email",
        "roles",
        "web-origins",
        "acr",
    }
    assert _names(kc.get_client_optional_client_scopes(client)) == {
        "offline_access",
        "address",
        "phone",
        "microprofile-jwt",
    }
    account = kc.get_client_id("account")
    assert account is not None
    assert _names(kc.get_client_default_client_scopes(account)) == {
        "profile",
        "email",
        "roles",
        "web-origins",
        "acr",
    }


def test_client_scope_crud_on_both_paths(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    scope_id = kc.create_client_scope(
        {
            "name": "orders",
            "description": "Orders API",
            "protocol": "openid-connect",
            "attributes": {"include.in.token.scope": True},
            "protocolMappers": [
                {
                    "name": "tenant",
                    "protocol": "openid-connect",
                    "protocolMapper": "oidc-hardcoded-claim-mapper",
                    "config": {"claim.name": "tenant", "claim.value": "acme", "access.token.claim": "true"},
                }
            ],
        }
    )
    scope = kc.get_client_scope(scope_id)
    assert scope["name"] == "orders" and scope["description"] == "Orders API"
    assert scope["attributes"] == {"include.in.token.scope": "true"}
    assert [m["name"] for m in scope["protocolMappers"]] == ["tenant"]
    legacy = admin.get(f"/admin/realms/{realm}/client-templates/{scope_id}")
    assert legacy.status_code == 200 and legacy.json() == scope
    assert "orders" in _names(admin.get(f"/admin/realms/{realm}/client-templates").json())
    kc.update_client_scope(scope_id, {"name": "orders2", "description": "Orders"})
    assert kc.get_client_scope(scope_id)["name"] == "orders2"
    assert [m["name"] for m in kc.get_client_scope(scope_id)["protocolMappers"]] == ["tenant"]
    clash = admin.post(f"/admin/realms/{realm}/client-scopes", json={"name": "profile"})
    assert clash.status_code == 409 and clash.json() == {
        "errorMessage": "Client Scope profile already exists"
    }
    assert (
        admin.put(f"/admin/realms/{realm}/client-scopes/{scope_id}", json={"name": "email"}).status_code
        == 409
    )
    spaced = admin.post(f"/admin/realms/{realm}/client-scopes", json={"name": "a b"})
    assert spaced.status_code == 400
    assert admin.post(f"/admin/realms/{realm}/client-scopes", json={}).status_code == 400
    assert admin.post(f"/admin/realms/{realm}/client-scopes", content=b"[").status_code == 400
    assert (
        admin.post(f"/admin/realms/{realm}/client-scopes", json={"name": "x", "protocol": "cas"}).status_code
        == 400
    )
    missing = admin.get(f"/admin/realms/{realm}/client-scopes/missing")
    assert missing.status_code == 404 and missing.json()["error"] == "Could not find client scope"
    made = admin.post(f"/admin/realms/{realm}/client-templates", json={"name": "legacy"})
    assert made.status_code == 201
    legacy_id = made.headers["Location"].rsplit("/", 1)[1]
    assert kc.get_client_scope(legacy_id)["name"] == "legacy"
    assert admin.delete(f"/admin/realms/{realm}/client-templates/{legacy_id}").status_code == 204
    kc.delete_client_scope(scope_id)
    with pytest.raises(KeycloakGetError):
        kc.get_client_scope(scope_id)
    assert admin.delete(f"/admin/realms/{realm}/client-scopes/{scope_id}").status_code == 404


def test_realm_default_scopes(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    scope_id = kc.create_client_scope({"name": "extra", "protocol": "openid-connect"})
    kc.add_default_default_client_scope(scope_id)
    assert "extra" in _names(kc.get_default_default_client_scopes())
    kc.add_default_optional_client_scope(scope_id)
    assert "extra" not in _names(kc.get_default_default_client_scopes())
    assert "extra" in _names(kc.get_default_optional_client_scopes())
    client = kc.create_client({"clientId": "late"})
    assert "extra" in _names(kc.get_client_optional_client_scopes(client))
    kc.delete_default_optional_client_scope(scope_id)
    assert "extra" not in _names(kc.get_default_optional_client_scopes())
    base = f"/admin/realms/{realm}"
    assert admin.put(f"{base}/default-default-client-scopes/missing").status_code == 404
    assert admin.delete(f"{base}/default-optional-client-scopes/missing").status_code == 404


def test_client_default_and_optional_scopes(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    client = kc.create_client({"clientId": "svc"})
    scope_id = kc.create_client_scope({"name": "reports", "protocol": "openid-connect"})
    kc.add_client_default_client_scope(client, scope_id, {})
    assert "reports" in _names(kc.get_client_default_client_scopes(client))
    kc.delete_client_default_client_scope(client, scope_id)
    assert "reports" not in _names(kc.get_client_default_client_scopes(client))
    kc.add_client_optional_client_scope(client, scope_id, {})
    assert "reports" in _names(kc.get_client_optional_client_scopes(client))
    kc.delete_client_optional_client_scope(client, scope_id)
    assert "reports" not in _names(kc.get_client_optional_client_scopes(client))
    saml = kc.create_client_scope({"name": "saml-only", "protocol": "saml"})
    kc.add_client_default_client_scope(client, saml, {})
    assert "saml-only" not in _names(kc.get_client_default_client_scopes(client))
    base = f"/admin/realms/{realm}/clients"
    assert admin.put(f"{base}/{client}/default-client-scopes/missing").status_code == 404
    assert admin.put(f"{base}/missing/default-client-scopes/{scope_id}").status_code == 404
    assert admin.get(f"{base}/missing/optional-client-scopes").status_code == 404
    kc.delete_client_scope(scope_id)


def test_client_scopes_need_rights(caller_with: object, realm: str) -> None:
    viewer = caller_with("view-clients")  # type: ignore[operator]
    assert viewer.get(f"/admin/realms/{realm}/client-scopes").status_code == 200
    assert viewer.post(f"/admin/realms/{realm}/client-scopes", json={"name": "no"}).status_code == 403
    nobody = caller_with()  # type: ignore[operator]
    assert nobody.get(f"/admin/realms/{realm}/client-scopes").status_code == 403
