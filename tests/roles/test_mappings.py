"""Role mappings of users and groups: direct, composite (effective) and available roles, and rights."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from keycloak import KeycloakAdmin

from tests.keycloak_fixtures import client_uuid, create_group


def test_user_realm_mappings(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    kc.create_realm_role({"name": "boss"})
    kc.create_realm_role({"name": "worker"})
    kc.add_composite_realm_roles_to_role("boss", [kc.get_realm_role("worker")])
    uid = kc.create_user({"username": "mapped", "enabled": True})
    kc.assign_realm_roles(uid, [kc.get_realm_role("boss")])
    direct = sorted(r["name"] for r in kc.get_realm_roles_of_user(uid))
    assert direct == ["boss", f"default-roles-{realm}"]
    effective = {r["name"] for r in kc.get_composite_realm_roles_of_user(uid)}
    assert {"boss", "worker", "offline_access", "uma_authorization"} <= effective
    available = {r["name"] for r in kc.get_available_realm_roles_of_user(uid)}
    assert "worker" not in available and "boss" not in available
    everything = kc.get_all_roles_of_user(uid)
    assert {r["name"] for r in everything["realmMappings"]} == {"boss", f"default-roles-{realm}"}
    assert "clientMappings" not in everything
    full = admin.get(
        f"/admin/realms/{realm}/users/{uid}/role-mappings/realm/composite",
        params={"briefRepresentation": "false"},
    ).json()
    assert all("attributes" in r for r in full)

    kc.delete_realm_roles_of_user(uid, [kc.get_realm_role("boss")])
    assert [r["name"] for r in kc.get_realm_roles_of_user(uid)] == [f"default-roles-{realm}"]
    # DELETE without a body drops every realm mapping.
    assert admin.delete(f"/admin/realms/{realm}/users/{uid}/role-mappings/realm").status_code == 204
    assert kc.get_realm_roles_of_user(uid) == []


def test_user_client_mappings(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    app = kc.create_client({"clientId": "mapapp"})
    kc.create_client_role(app, {"name": "reader"})
    kc.create_client_role(app, {"name": "writer"})
    uid = kc.create_user({"username": "cmapped", "enabled": True})
    kc.assign_client_role(uid, app, [kc.get_client_role(app, "reader")])
    assert [r["name"] for r in kc.get_client_roles_of_user(uid, app)] == ["reader"]
    assert [r["name"] for r in kc.get_available_client_roles_of_user(uid, app)] == ["writer"]
    assert [r["name"] for r in kc.get_composite_client_roles_of_user(uid, app)] == ["reader"]
    mapping = kc.get_all_roles_of_user(uid)["clientMappings"]["mapapp"]
    assert mapping["id"] == app and mapping["client"] == "mapapp"
    assert [r["name"] for r in mapping["mappings"]] == ["reader"]
    kc.delete_client_roles_of_user(uid, app, [kc.get_client_role(app, "reader")])
    assert kc.get_client_roles_of_user(uid, app) == []


def test_mapping_errors(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    uid = kc.create_user({"username": "errs", "enabled": True})
    base = f"/admin/realms/{realm}/users/{uid}/role-mappings"
    assert admin.post(f"{base}/realm", json=[{"name": "missing"}]).status_code == 404
    kc.create_realm_role({"name": "real"})
    real = kc.get_realm_role("real")
    assert admin.post(f"{base}/realm", json=[{"name": "real", "id": "wrong"}]).status_code == 404
    assert admin.post(f"{base}/realm", json={"name": "real"}).status_code == 400
    assert admin.post(f"{base}/realm", json=["real"]).status_code == 400
    assert admin.post(f"{base}/realm", content=b"nope").status_code == 400
    assert admin.get(f"{base}/clients/missing").status_code == 404
    assert admin.get(f"/admin/realms/{realm}/users/missing/role-mappings").status_code == 404
    assert admin.get(f"/admin/realms/{realm}/groups/missing/role-mappings/realm").status_code == 404
    assert admin.post(f"{base}/realm", json=[real]).status_code == 204
    assert admin.post(f"{base}/realm", json=[real]).status_code == 204  # idempotent


def test_group_mappings_flow_to_members_and_subgroups(
    kc: KeycloakAdmin, admin: httpx.Client, realm: str
) -> None:
    kc.create_realm_role({"name": "inherited"})
    kc.create_realm_role({"name": "nested"})
    kc.add_composite_realm_roles_to_role("inherited", [kc.get_realm_role("nested")])
    app = kc.create_client({"clientId": "gapp"})
    kc.create_client_role(app, {"name": "gread"})
    parent = create_group(kc, {"name": "parent"})
    child = create_group(kc, {"name": "child"}, parent=parent)
    kc.assign_group_realm_roles(parent, [kc.get_realm_role("inherited")])
    kc.assign_group_client_roles(parent, app, [kc.get_client_role(app, "gread")])
    assert [r["name"] for r in kc.get_group_realm_roles(parent)] == ["inherited"]
    assert [r["name"] for r in kc.get_group_client_roles(parent, app)] == ["gread"]
    group = kc.get_group(parent)
    assert group["realmRoles"] == ["inherited"] and group["clientRoles"] == {"gapp": ["gread"]}
    # A subgroup gets its ancestors' roles, and their composites.
    child_base = f"/admin/realms/{realm}/groups/{child}/role-mappings"
    assert admin.get(f"{child_base}/realm").json() == []
    assert sorted(r["name"] for r in admin.get(f"{child_base}/realm/composite").json()) == [
        "inherited",
        "nested",
    ]
    assert [r["name"] for r in admin.get(f"{child_base}/clients/{app}/composite").json()] == ["gread"]
    assert "inherited" not in {r["name"] for r in admin.get(f"{child_base}/realm/available").json()}
    assert admin.get(f"{child_base}/clients/{app}/available").json() == []
    assert admin.get(child_base).json() == {}
    # A member of the subgroup holds them too.
    uid = kc.create_user({"username": "member", "enabled": True})
    kc.group_user_add(uid, child)
    effective = {r["name"] for r in kc.get_composite_realm_roles_of_user(uid)}
    assert {"inherited", "nested"} <= effective
    assert [r["name"] for r in kc.get_composite_client_roles_of_user(uid, app)] == ["gread"]
    kc.delete_group_realm_roles(parent, [kc.get_realm_role("inherited")])
    kc.delete_group_client_roles(parent, app, [kc.get_client_role(app, "gread")])
    assert not {"inherited", "nested"} & {r["name"] for r in kc.get_composite_realm_roles_of_user(uid)}
    events = admin.get(
        f"/admin/realms/{realm}/admin-events",
        params={"resourceTypes": ["REALM_ROLE_MAPPING", "CLIENT_ROLE_MAPPING"]},
    ).json()
    assert {(e["operationType"], e["resourcePath"]) for e in events} == {
        ("CREATE", f"groups/{parent}/role-mappings/realm"),
        ("DELETE", f"groups/{parent}/role-mappings/realm"),
        ("CREATE", f"groups/{parent}/role-mappings/clients/{app}"),
        ("DELETE", f"groups/{parent}/role-mappings/clients/{app}"),
    }


def test_mapping_rights(
    caller_with: Callable[..., httpx.Client], kc: KeycloakAdmin, admin: httpx.Client, realm: str
) -> None:
    kc.create_realm_role({"name": "grant-me"})
    role = kc.get_realm_role("grant-me")
    uid = kc.create_user({"username": "target", "enabled": True})
    base = f"/admin/realms/{realm}/users/{uid}/role-mappings"
    assert caller_with("query-users").get(base).status_code == 403
    viewer = caller_with("view-users")
    assert viewer.get(base).status_code == 200
    assert viewer.get(f"{base}/realm/composite").status_code == 200
    assert viewer.post(f"{base}/realm", json=[role]).status_code == 403
    manager = caller_with("manage-users")
    assert manager.post(f"{base}/realm", json=[role]).status_code == 204
    # Handing out an admin role needs holding it.
    management = client_uuid(admin, realm, "realm-management")
    manage_realm = admin.get(f"/admin/realms/{realm}/clients/{management}/roles/manage-realm").json()
    granted = manager.post(f"{base}/clients/{management}", json=[manage_realm])
    assert granted.status_code == 403
    own = admin.get(f"/admin/realms/{realm}/clients/{management}/roles/manage-users").json()
    assert manager.post(f"{base}/clients/{management}", json=[own]).status_code == 204
