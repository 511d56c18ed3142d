"""Groups through Keycloak's admin REST: the tree, search, members, default groups and rights."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakGetError, KeycloakPostError, KeycloakPutError

from tests.keycloak_fixtures import create_group
from tests.support import unique


def _new_user(kc: KeycloakAdmin, name: str | None = None) -> str:
    return str(kc.create_user({"username": name or unique("u"), "enabled": True}))


def test_create_read_update_delete_top_level_group(
    kc: KeycloakAdmin, admin: httpx.Client, realm: str
) -> None:
    gid = create_group(kc, {"name": "staff", "attributes": {"site": ["berlin"]}})
    group = kc.get_group(gid)
    assert group["name"] == "staff" and group["path"] == "/staff" and group["subGroupCount"] == 0
    assert group["attributes"] == {"site": ["berlin"]}
    assert group["realmRoles"] == [] and group["clientRoles"] == {}
    assert group["access"]["manage"] is True

    kc.update_group(gid, {"name": "people", "attributes": {"site": ["paris"]}})
    group = kc.get_group(gid)
    assert group["path"] == "/people" and group["attributes"] == {"site": ["paris"]}

    response = admin.post(f"/admin/realms/{realm}/groups", json={"name": "people"})
    assert response.status_code == 409
    assert response.json() == {"errorMessage": "Top level group named 'people' already exists."}

    kc.delete_group(gid)
    with pytest.raises(KeycloakGetError) as missing:
        kc.get_group(gid)
    assert missing.value.response_code == 404


def test_create_answers_201_with_location(admin: httpx.Client, realm: str) -> None:
    response = admin.post(f"/admin/realms/{realm}/groups", json={"name": "loc"})
    assert response.status_code == 201
    gid = response.headers["Location"].rsplit("/", 1)[1]
    assert response.headers["Location"].endswith(f"/admin/realms/{realm}/groups/{gid}")
    assert admin.get(f"/admin/realms/{realm}/groups/{gid}").json()["name"] == "loc"


def test_invalid_group_input_is_400(admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/groups"
    assert admin.post(base, json={}).json() == {"errorMessage": "Group name is missing", "field": "name"}
    assert admin.post(base, json={"name": 12}).status_code == 400
    assert admin.post(base, json={"name": "a", "attributes": "x"}).status_code == 400
    assert (
        admin.post(base, content=b"{not json", headers={"Content-Type": "application/json"}).status_code
        == 400
    )
    assert admin.post(base, json=["a"]).status_code == 400
    gid = admin.post(base, json={"name": "ok"}).headers["Location"].rsplit("/", 1)[1]
    assert admin.put(f"{base}/{gid}", json={"attributes": {}}).status_code == 400
    assert admin.get(base, params={"first": "x"}).status_code == 400
    assert admin.get(f"{base}/missing").status_code == 404
    assert admin.put(f"{base}/missing", json={"name": "x"}).status_code == 404
    assert admin.delete(f"{base}/missing").status_code == 404


def test_children_move_and_paths_follow(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/groups"
    top = create_group(kc, {"name": "top"})
    other = create_group(kc, {"name": "other"})
    response = admin.post(f"{base}/{top}/children", json={"name": "mid"})
    assert response.status_code == 201
    mid = response.json()["id"]
    assert response.json()["path"] == "/top/mid" and response.json()["parentId"] == top
    assert response.headers["Location"].endswith(f"/groups/{mid}")
    leaf = create_group(kc, {"name": "leaf"}, parent=mid)
    assert kc.get_group(leaf)["path"] == "/top/mid/leaf"

    dup = admin.post(f"{base}/{top}/children", json={"name": "mid"})
    assert (
        dup.status_code == 409 and dup.json()["errorMessage"] == "Sibling group named 'mid' already exists."
    )

    # Renaming a group renames every descendant's path.
    kc.update_group(top, {"name": "root"})
    assert kc.get_group(leaf)["path"] == "/root/mid/leaf"
    assert kc.get_group_by_path("/root/mid/leaf")["id"] == leaf

    # Moving a subtree under another group.
    moved = admin.post(f"{base}/{other}/children", json={"id": mid})
    assert moved.status_code == 204
    assert kc.get_group(mid)["parentId"] == other
    assert kc.get_group(leaf)["path"] == "/other/mid/leaf"
    assert [c["name"] for c in kc.get_group_children(other)] == ["mid"]
    assert kc.get_group(top)["subGroupCount"] == 0

    # A group cannot move under itself or its own subtree; unknown ids are 404.
    assert admin.post(f"{base}/{leaf}/children", json={"id": mid}).status_code == 400
    assert admin.post(f"{base}/{other}/children", json={"id": "missing"}).status_code == 404
    assert admin.post(f"{base}/missing/children", json={"name": "x"}).status_code == 404

    # Moving back to the top level through POST /groups with an id.
    assert admin.post(base, json={"id": mid}).status_code == 204
    assert kc.get_group(leaf)["path"] == "/mid/leaf"
    with pytest.raises(KeycloakGetError):
        kc.get_group_by_path("/other/mid/leaf")


def test_list_search_hierarchy_and_count(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/groups"
    eng = kc.create_group({"name": "engineering"})
    kc.create_group({"name": "backend"}, parent=eng)
    kc.create_group({"name": "sales", "attributes": {"region": ["emea"]}})

    top = admin.get(base).json()
    assert [g["name"] for g in top] == ["engineering", "sales"]
    assert top[0]["subGroupCount"] == 1 and top[0]["subGroups"] == []
    assert "attributes" not in top[0]
    full = admin.get(base, params={"briefRepresentation": "false"}).json()
    assert full[1]["attributes"] == {"region": ["emea"]}

    found = admin.get(base, params={"search": "BACK"}).json()
    assert [g["name"] for g in found] == ["engineering"]
    assert [g["path"] for g in found[0]["subGroups"]] == ["/engineering/backend"]
    flat = admin.get(base, params={"search": "back", "populateHierarchy": "false"}).json()
    assert [g["path"] for g in flat] == ["/engineering/backend"]
    assert admin.get(base, params={"search": "back", "exact": "true"}).json() == []
    assert [g["name"] for g in admin.get(base, params={"q": "region:emea"}).json()] == ["sales"]
    assert [g["name"] for g in admin.get(base, params={"first": 1, "max": 1}).json()] == ["sales"]

    assert kc.groups_count() == {"count": 3}
    assert admin.get(f"{base}/count", params={"top": "true"}).json() == {"count": 2}
    assert admin.get(f"{base}/count", params={"search": "end"}).json() == {"count": 1}
    assert [g["name"] for g in kc.get_groups()] == ["engineering", "sales"]


def test_members_and_user_groups(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    gid = create_group(kc, {"name": "team"})
    sub = create_group(kc, {"name": "sub"}, parent=gid)
    alice, bob = _new_user(kc, "alice"), _new_user(kc, "bob")
    kc.group_user_add(alice, gid)
    kc.group_user_add(bob, gid)
    kc.group_user_add(alice, gid)  # joining twice is harmless
    kc.group_user_add(alice, sub)
    assert [u["username"] for u in kc.get_group_members(gid)] == ["alice", "bob"]
    assert [u["username"] for u in kc.get_group_members(gid, {"first": 1, "max": 5})] == ["bob"]
    assert [g["path"] for g in kc.get_user_groups(alice)] == ["/team/sub", "/team"]
    users_base = f"/admin/realms/{realm}/users/{alice}/groups"
    assert admin.get(f"{users_base}/count").json() == {"count": 2}
    assert admin.get(f"{users_base}/count", params={"search": "su"}).json() == {"count": 1}
    assert [g["name"] for g in admin.get(users_base, params={"search": "su"}).json()] == ["sub"]
    kc.group_user_remove(alice, sub)
    assert [g["name"] for g in kc.get_user_groups(alice)] == ["team"]
    assert admin.put(f"{users_base}/missing").status_code == 404
    assert admin.put(f"/admin/realms/{realm}/users/missing/groups/{gid}").status_code == 404
    assert admin.get(f"/admin/realms/{realm}/groups/missing/members").status_code == 404

    events = admin.get(
        f"/admin/realms/{realm}/admin-events", params={"resourceTypes": "GROUP_MEMBERSHIP"}
    ).json()
    assert {e["operationType"] for e in events} == {"CREATE", "DELETE"}
    assert any(e["resourcePath"] == f"users/{alice}/groups/{sub}" for e in events)


def test_default_groups_are_joined_by_new_users(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/default-groups"
    gid = create_group(kc, {"name": "everyone"})
    assert admin.get(base).json() == []
    assert admin.put(f"{base}/{gid}").status_code == 204
    assert [g["path"] for g in admin.get(base).json()] == ["/everyone"]
    assert admin.put(f"{base}/missing").status_code == 404
    uid = _new_user(kc)
    assert [g["name"] for g in kc.get_user_groups(uid)] == ["everyone"]
    assert admin.delete(f"{base}/{gid}").status_code == 204
    assert admin.get(base).json() == []
    assert kc.get_user_groups(_new_user(kc)) == []
    # Deleting a default group takes it off the list.
    admin.put(f"{base}/{gid}")
    kc.delete_group(gid)
    assert admin.get(base).json() == []


def test_management_permissions(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    gid = create_group(kc, {"name": "perm"})
    url = f"/admin/realms/{realm}/groups/{gid}/management/permissions"
    assert admin.get(url).json() == {"enabled": False}
    enabled = kc.group_set_permissions(gid, enabled=True)
    assert enabled["enabled"] is True and set(enabled["scopePermissions"]) >= {
        "view",
        "manage",
        "manage-membership",
    }
    assert admin.get(url).json() == enabled
    assert "iamgraph.managementPermissions" not in kc.get_group(gid)["attributes"]
    assert admin.put(url, json={"enabled": "yes"}).status_code == 400
    assert admin.put(url, json={"enabled": False}).json() == {"enabled": False}


def test_group_rights(caller_with: Callable[..., httpx.Client], kc: KeycloakAdmin, realm: str) -> None:
    gid = create_group(kc, {"name": "guarded"})
    uid = _new_user(kc)
    base = f"/admin/realms/{realm}"
    nobody = caller_with()
    assert nobody.get(f"{base}/groups").status_code == 403
    querier = caller_with("query-groups")
    assert querier.get(f"{base}/groups").status_code == 200
    assert querier.get(f"{base}/groups/count").status_code == 200
    assert querier.get(f"{base}/groups/{gid}").status_code == 403
    viewer = caller_with("view-users")
    assert viewer.get(f"{base}/groups/{gid}").status_code == 200
    assert viewer.get(f"{base}/groups/{gid}/members").status_code == 200
    assert viewer.get(f"{base}/users/{uid}/groups").status_code == 200
    assert viewer.post(f"{base}/groups", json={"name": "x"}).status_code == 403
    assert viewer.put(f"{base}/groups/{gid}", json={"name": "x"}).status_code == 403
    assert viewer.delete(f"{base}/groups/{gid}").status_code == 403
    assert viewer.put(f"{base}/users/{uid}/groups/{gid}").status_code == 403
    assert (
        viewer.put(f"{base}/groups/{gid}/management/permissions", json={"enabled": True}).status_code == 403
    )
    assert viewer.get(f"{base}/default-groups").status_code == 403
    manager = caller_with("manage-users")
    assert manager.put(f"{base}/users/{uid}/groups/{gid}").status_code == 204
    assert manager.post(f"{base}/groups", json={"name": "made"}).status_code == 201
    assert manager.put(f"{base}/default-groups/{gid}").status_code == 403
    realm_manager = caller_with("manage-realm")
    assert realm_manager.put(f"{base}/default-groups/{gid}").status_code == 204


def test_group_admin_events(admin: httpx.Client, kc: KeycloakAdmin, realm: str) -> None:
    gid = create_group(kc, {"name": "evented"})
    kc.update_group(gid, {"name": "evented2"})
    kc.delete_group(gid)
    events = admin.get(f"/admin/realms/{realm}/admin-events", params={"resourceTypes": "GROUP"}).json()
    assert [e["operationType"] for e in events] == ["DELETE", "UPDATE", "CREATE"]
    assert all(e["resourcePath"] == f"groups/{gid}" for e in events)


def test_kc_errors_surface(kc: KeycloakAdmin) -> None:
    kc.create_group({"name": "same"})
    with pytest.raises(KeycloakPostError) as err:
        kc.create_group({"name": "same"})
    assert err.value.response_code == 409
    with pytest.raises(KeycloakPutError):
        kc.update_group("missing", {"name": "x"})
