"""Scope mappings of clients, client scopes and client templates."""

from __future__ import annotations

import httpx
from keycloak import KeycloakAdmin


def _names(reps: list[dict[str, object]]) -> list[object]:
    return [r["name"] for r in reps]


def test_client_scope_realm_and_client_scope_mappings(
    kc: KeycloakAdmin, admin: httpx.Client, realm: str
) -> None:
    kc.create_realm_role({"name": "reader"})
    kc.create_realm_role({"name": "writer"})
    kc.create_realm_role({"name": "editor", "composite": True})
    kc.add_composite_realm_roles_to_role("editor", [kc.get_realm_role("writer")])
    api = kc.create_client({"clientId": "api"})
    kc.create_client_role(api, {"name": "orders"})
    scope = kc.create_client_scope({"name": "orders", "protocol": "openid-connect"})
    base = f"/admin/realms/{realm}/client-scopes/{scope}/scope-mappings"
    assert admin.post(f"{base}/realm", json=[kc.get_realm_role("editor")]).status_code == 204
    assert _names(admin.get(f"{base}/realm").json()) == ["editor"]
    composite = _names(admin.get(f"{base}/realm/composite").json())
    assert composite == ["editor", "writer"]
    available = _names(admin.get(f"{base}/realm/available").json())
    assert "reader" in available and "editor" not in available and "writer" not in available
    kc.add_client_specific_roles_to_client_scope(scope, api, [kc.get_client_role(api, "orders")])
    assert _names(kc.get_client_specific_roles_of_client_scope(scope, api)) == ["orders"]
    assert admin.get(f"{base}/clients/{api}/available").json() == []
    assert _names(admin.get(f"{base}/clients/{api}/composite").json()) == ["orders"]
    everything = kc.get_all_roles_of_client_scope(scope)
    assert _names(everything["realmMappings"]) == ["editor"]
    assert _names(everything["clientMappings"]["api"]["mappings"]) == ["orders"]
    legacy = f"/admin/realms/{realm}/client-templates/{scope}/scope-mappings"
    assert admin.get(legacy).json() == everything
    assert admin.request("DELETE", f"{base}/realm", json=[{"name": "editor"}]).status_code == 204
    kc.remove_client_specific_roles_of_client_scope(scope, api, [kc.get_client_role(api, "orders")])
    assert admin.get(base).json() == {}
    missing = admin.post(f"{base}/realm", json=[{"name": "nope"}])
    assert missing.status_code == 404 and missing.json()["error"] == "Role not found"
    assert admin.post(f"{base}/realm", json={"name": "reader"}).status_code == 400
    assert admin.get(f"{base}/clients/missing").status_code == 404
    assert admin.get(f"/admin/realms/{realm}/client-scopes/missing/scope-mappings").status_code == 404


def test_client_scope_mappings_and_full_scope(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    kc.create_realm_role({"name": "reader"})
    app = kc.create_client({"clientId": "app", "fullScopeAllowed": False})
    api = kc.create_client({"clientId": "api"})
    kc.create_client_role(api, {"name": "orders"})
    kc.create_client_role(app, {"name": "own"})
    kc.assign_client_roles_to_client_scope(app, api, [kc.get_client_role(api, "orders")])
    assert _names(kc.get_client_roles_of_client_scope(app, api)) == ["orders"]
    kc.assign_realm_roles_to_client_scope(app, [kc.get_realm_role("reader")])
    assert _names(kc.get_realm_roles_of_client_scope(app)) == ["reader"]
    base = f"/admin/realms/{realm}/clients/{app}/scope-mappings"
    assert _names(admin.get(f"{base}/clients/{app}/composite").json()) == ["own"]
    full = kc.create_client({"clientId": "full"})
    full_base = f"/admin/realms/{realm}/clients/{full}/scope-mappings"
    assert admin.get(f"{full_base}/realm/available").json() == []
    assert "reader" in _names(admin.get(f"{full_base}/realm/composite").json())
    kc.delete_realm_roles_of_client_scope(app, [kc.get_realm_role("reader")])
    kc.delete_client_roles_of_client_scope(app, api, [kc.get_client_role(api, "orders")])
    assert admin.get(base).json() == {}
