"""Realm and client roles, by name and by id, with composites, holders and rights."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakGetError

from tests.keycloak_fixtures import client_uuid, create_group


def test_realm_role_crud(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/roles"
    response = admin.post(base, json={"name": "editor", "description": "edits", "attributes": {"a": ["1"]}})
    assert response.status_code == 201
    assert response.headers["Location"].endswith(f"/admin/realms/{realm}/roles/editor")
    role = kc.get_realm_role("editor")
    assert role["description"] == "edits" and role["composite"] is False and role["clientRole"] is False
    assert role["attributes"] == {"a": ["1"]} and role["containerId"]
    assert kc.get_realm_role_by_id(role["id"])["name"] == "editor"

    dup = admin.post(base, json={"name": "editor"})
    assert dup.status_code == 409 and dup.json() == {"errorMessage": "Role with name editor already exists"}

    kc.update_realm_role("editor", {"name": "writer", "description": "writes"})
    assert kc.get_realm_role("writer")["description"] == "writes"
    assert admin.get(f"{base}/editor").status_code == 404
    kc.update_role_by_id(role["id"], {"name": "writer", "description": "by id"})
    assert kc.get_role_by_id(role["id"])["description"] == "by id"

    names = [r["name"] for r in kc.get_realm_roles()]
    assert "writer" in names and names == sorted(names)
    assert [r["name"] for r in admin.get(base, params={"search": "RIT"}).json()] == ["writer"]
    assert "attributes" not in admin.get(base).json()[0]
    assert "attributes" in admin.get(base, params={"briefRepresentation": "false"}).json()[0]
    assert len(admin.get(base, params={"first": 1, "max": 2}).json()) == 2

    kc.delete_realm_role("writer")
    with pytest.raises(KeycloakGetError):
        kc.get_realm_role("writer")
    assert admin.get(f"/admin/realms/{realm}/roles-by-id/{role['id']}").status_code == 404


def test_role_errors(admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/roles"
    assert admin.post(base, json={}).status_code == 400
    assert admin.post(base, json={"name": 5}).status_code == 400
    assert admin.post(base, json={"name": "x", "attributes": []}).status_code == 400
    assert admin.post(base, content=b"[", headers={"Content-Type": "application/json"}).status_code == 400
    assert admin.put(f"{base}/missing", json={"name": "y"}).status_code == 404
    assert admin.delete(f"{base}/missing").status_code == 404
    admin.post(base, json={"name": "one"})
    admin.post(base, json={"name": "two"})
    assert admin.put(f"{base}/one", json={"name": "two"}).status_code == 409
    default = admin.delete(f"{base}/default-roles-{realm}")
    assert default.status_code == 400
    assert (
        default.json()["errorMessage"]
        == f"default-roles-{realm} is default role of the realm and cannot be removed."
    )
    assert admin.get(f"/admin/realms/{realm}/clients/missing/roles").status_code == 404
    assert admin.get(f"/admin/realms/{realm}/roles-by-id/missing/composites").status_code == 404


def test_composites(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    for name in ("parent", "child", "grandchild"):
        kc.create_realm_role({"name": name})
    app = kc.create_client({"clientId": "app"})
    kc.create_client_role(app, {"name": "app-read"})
    child, grandchild = kc.get_realm_role("child"), kc.get_realm_role("grandchild")
    app_read = kc.get_client_role(app, "app-read")
    kc.add_composite_realm_roles_to_role("parent", [child, app_read])
    kc.add_composite_realm_roles_to_role("child", [grandchild])
    assert kc.get_realm_role("parent")["composite"] is True
    assert sorted(r["name"] for r in kc.get_composite_realm_roles_of_role("parent")) == ["app-read", "child"]
    base = f"/admin/realms/{realm}/roles/parent/composites"
    assert [r["name"] for r in admin.get(f"{base}/clients/{app}").json()] == ["app-read"]
    assert [r["name"] for r in admin.get(f"{base}/realm").json()] == ["child"]
    assert sorted(r["name"] for r in admin.get(base).json()) == ["app-read", "child"]
    parent_id = kc.get_realm_role("parent")["id"]
    by_id = f"/admin/realms/{realm}/roles-by-id/{parent_id}/composites"
    assert sorted(r["name"] for r in admin.get(by_id).json()) == ["app-read", "child"]
    assert [r["name"] for r in admin.get(f"{by_id}/realm").json()] == ["child"]
    assert [r["name"] for r in admin.get(f"{by_id}/clients/{app}").json()] == ["app-read"]
    assert admin.get(f"{by_id}/clients/missing").status_code == 404
    assert admin.post(base, json=[{"id": "missing"}]).status_code == 404
    assert admin.post(base, json={"id": child["id"]}).status_code == 400
    assert admin.post(base, json=[{"id": parent_id}]).status_code == 400

    kc.remove_composite_realm_roles_to_role("parent", [child])
    assert [r["name"] for r in admin.get(base).json()] == ["app-read"]
    assert admin.request("DELETE", by_id, json=[app_read]).status_code == 204
    assert kc.get_realm_role("parent")["composite"] is False


def test_client_roles(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    app = kc.create_client({"clientId": "shop"})
    response = admin.post(f"/admin/realms/{realm}/clients/{app}/roles", json={"name": "buyer"})
    assert response.status_code == 201
    assert response.headers["Location"].endswith(f"/clients/{app}/roles/buyer")
    role = kc.get_client_role(app, "buyer")
    assert role["clientRole"] is True and role["containerId"] == app
    assert admin.post(f"/admin/realms/{realm}/clients/{app}/roles", json={"name": "buyer"}).status_code == 409
    # A client role may share its name with a realm role.
    assert admin.post(f"/admin/realms/{realm}/roles", json={"name": "buyer"}).status_code == 201
    kc.update_client_role(app, "buyer", {"name": "buyer", "description": "buys"})
    assert kc.get_client_role(app, "buyer")["description"] == "buys"
    assert [r["name"] for r in kc.get_client_roles(app)] == ["buyer"]
    kc.create_client_role(app, {"name": "seller"})
    kc.add_composite_client_roles_to_role(app, "seller", [kc.get_client_role(app, "buyer")])
    assert [
        r["name"] for r in admin.get(f"/admin/realms/{realm}/clients/{app}/roles/seller/composites").json()
    ] == ["buyer"]
    kc.delete_client_role(app, "buyer")
    assert admin.get(f"/admin/realms/{realm}/clients/{app}/roles/buyer").status_code == 404
    assert admin.get(f"/admin/realms/{realm}/roles/buyer").status_code == 200


def test_role_holders(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    kc.create_realm_role({"name": "holder"})
    role = kc.get_realm_role("holder")
    uid = kc.create_user({"username": "held", "enabled": True})
    gid = create_group(kc, {"name": "holders"})
    kc.assign_realm_roles(uid, [role])
    kc.assign_group_realm_roles(gid, [role])
    assert [u["username"] for u in kc.get_realm_role_members("holder")] == ["held"]
    assert [g["name"] for g in kc.get_realm_role_groups("holder")] == ["holders"]
    users = admin.get(f"/admin/realms/{realm}/roles/holder/users", params={"first": 1}).json()
    assert users == []
    app = kc.create_client({"clientId": "holdapp"})
    kc.create_client_role(app, {"name": "cr"})
    kc.assign_client_role(uid, app, [kc.get_client_role(app, "cr")])
    assert [u["username"] for u in kc.get_client_role_members(app, "cr")] == ["held"]
    assert kc.get_client_role_groups(app, "cr") == []


def test_role_management_permissions(admin: httpx.Client, realm: str) -> None:
    admin.post(f"/admin/realms/{realm}/roles", json={"name": "fgap"})
    url = f"/admin/realms/{realm}/roles/fgap/management/permissions"
    assert admin.get(url).json() == {"enabled": False}
    enabled = admin.put(url, json={"enabled": True}).json()
    assert enabled["enabled"] is True and "map-role" in enabled["scopePermissions"]
    role_id = admin.get(f"/admin/realms/{realm}/roles/fgap").json()["id"]
    assert admin.get(f"/admin/realms/{realm}/roles-by-id/{role_id}/management/permissions").json() == enabled
    assert admin.put(url, json={"enabled": 1}).status_code == 400


def test_role_rights(caller_with: Callable[..., httpx.Client], admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}"
    admin.post(f"{base}/roles", json={"name": "guarded"})
    app = client_uuid(admin, realm, "account")
    assert caller_with().get(f"{base}/roles").status_code == 403
    realm_viewer = caller_with("view-realm")
    assert realm_viewer.get(f"{base}/roles").status_code == 200
    assert realm_viewer.get(f"{base}/roles/guarded").status_code == 200
    assert realm_viewer.post(f"{base}/roles", json={"name": "x"}).status_code == 403
    assert realm_viewer.put(f"{base}/roles/guarded", json={"name": "y"}).status_code == 403
    assert realm_viewer.delete(f"{base}/roles/guarded").status_code == 403
    assert realm_viewer.get(f"{base}/clients/{app}/roles/view-profile").status_code == 403
    client_manager = caller_with("manage-clients")
    assert client_manager.post(f"{base}/clients/{app}/roles", json={"name": "extra"}).status_code == 201
    assert client_manager.post(f"{base}/roles", json={"name": "nope"}).status_code == 403
    assert client_manager.get(f"{base}/roles/guarded").status_code == 403
    realm_manager = caller_with("manage-realm")
    assert realm_manager.post(f"{base}/roles", json={"name": "made"}).status_code == 201
    assert realm_manager.delete(f"{base}/roles/made").status_code == 204


def test_role_admin_events(admin: httpx.Client, kc: KeycloakAdmin, realm: str) -> None:
    kc.create_realm_role({"name": "ev"})
    app = kc.create_client({"clientId": "evapp"})
    kc.create_client_role(app, {"name": "cev"})
    events = admin.get(
        f"/admin/realms/{realm}/admin-events", params={"resourceTypes": ["REALM_ROLE", "CLIENT_ROLE"]}
    ).json()
    assert {(e["resourceType"], e["resourcePath"]) for e in events} == {
        ("REALM_ROLE", "roles/ev"),
        ("CLIENT_ROLE", f"clients/{app}/roles/cev"),
    }
