"""No escalation by any path: a caller may not give itself or anyone an admin right it does not hold.

Each test is one way of conferring roles (a role mapping, a group joined, a group moved or created under
another, a composite, the default roles and groups, a user created into groups, a realm import), tried
by a caller holding less than the change would confer. The rule looks at the effective roles: composites
expanded and groups inherited up the tree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.graphql_client import gql_response
from tests.security.admins import PASSWORD, Setup, new_id, setup_of
from tests.support import password_token, unique

REFUSED = "Cannot map the admin role realm-admin without holding it"


@pytest.fixture
def scene(admin: httpx.Client, base_url: str, realm: str) -> Iterator[Setup]:
    with setup_of(admin, base_url, realm) as made:
        yield made


def _refused(response: httpx.Response, message: str = REFUSED) -> None:
    assert response.status_code == 403, response.text
    assert response.json().get("error_description", response.json().get("error")) == message


def _graphql_refused(body: dict[str, object], message: str = REFUSED) -> None:
    errors = body.get("errors")
    assert isinstance(errors, list) and errors, body
    assert errors[0]["message"] == message, errors


# The three cases found ------------------------------------------------------------------------------------


def test_joining_a_group_that_confers_realm_admin_is_refused(scene: Setup) -> None:
    manager = scene.caller("manage-users")
    admins = scene.group(unique("admins"), scene.admin_role("realm-admin"))
    inherits = scene.group("inherits", parent=admins)
    composite = scene.realm_role(unique("ops"), contains=(scene.admin_role("realm-admin"),))
    through_composite = scene.group(unique("ops"), composite)
    other = scene.user()
    for group_id in (admins, inherits, through_composite):
        for user_id in (manager.user_id, other):
            _refused(manager.http.put(f"{scene.base}/users/{user_id}/groups/{group_id}"))
        assert scene.member_ids(group_id) == set()
    assert "realm-admin" not in scene.admin_roles_of(manager.user_id)
    joined = gql_response(
        manager.http,
        "mutation($r: String!, $u: String!, $g: String!) { userGroupJoin(realm: $r, userId: $u, groupId: $g)"
        " { group { id } } }",
        r=scene.realm,
        u=manager.user_id,
        g=admins,
    )
    _graphql_refused(joined)


def test_mapping_a_composite_that_contains_realm_admin_is_refused(scene: Setup) -> None:
    manager = scene.caller("manage-users")
    inner = scene.realm_role(unique("inner"), contains=(scene.admin_role("realm-admin"),))
    outer = scene.realm_role(unique("outer"), contains=(inner,))
    group_id = scene.group(unique("plain"))
    for role in (inner, outer):
        _refused(manager.http.post(f"{scene.base}/users/{manager.user_id}/role-mappings/realm", json=[role]))
        _refused(manager.http.post(f"{scene.base}/groups/{group_id}/role-mappings/realm", json=[role]))
    assert "realm-admin" not in scene.admin_roles_of(manager.user_id)
    mapped = gql_response(
        manager.http,
        "mutation($r: String!, $u: String!, $ids: [String!]!) {"
        " userRoleMappingsAdd(realm: $r, userId: $u, roleIds: $ids) { ok } }",
        r=scene.realm,
        u=manager.user_id,
        ids=[outer["id"]],
    )
    _graphql_refused(mapped)
    assert "realm-admin" not in scene.admin_roles_of(manager.user_id)


def test_moving_a_group_under_one_that_confers_realm_admin_is_refused(scene: Setup) -> None:
    manager = scene.caller("manage-users")
    admins = scene.group(unique("admins"), scene.admin_role("realm-admin"))
    mine = scene.group(unique("mine"))
    deep = scene.group("deep", parent=mine)
    scene.join(manager.user_id, deep)
    _refused(manager.http.post(f"{scene.base}/groups/{admins}/children", json={"id": mine}))
    moved = gql_response(
        manager.http,
        "mutation($r: String!, $g: String!, $p: String) { groupMove(realm: $r, id: $g, parentId: $p)"
        " { group { path } } }",
        r=scene.realm,
        g=mine,
        p=admins,
    )
    _graphql_refused(moved)
    assert scene.admin.get(f"{scene.base}/groups/{mine}").json()["path"].count("/") == 1
    assert "realm-admin" not in scene.admin_roles_of(manager.user_id)
    # A group with no members yet is refused too: joining it later would confer what the move did.
    empty = scene.group(unique("empty"))
    _refused(manager.http.post(f"{scene.base}/groups/{admins}/children", json={"id": empty}))


# Keycloak's admin patterns --------------------------------------------------------------------------------


def test_a_user_manager_may_not_create_a_subgroup_under_an_admin_group(scene: Setup) -> None:
    manager = scene.caller("manage-users")
    admins = scene.group(unique("admins"), scene.admin_role("realm-admin"))
    _refused(manager.http.post(f"{scene.base}/groups/{admins}/children", json={"name": "sneaky"}))
    assert scene.admin.get(f"{scene.base}/groups/{admins}/children").json() == []
    plain = scene.group(unique("plain"), scene.admin_role("view-users"))
    assert (
        manager.http.post(f"{scene.base}/groups/{plain}/children", json={"name": "fine"}).status_code == 201
    )


def test_a_user_manager_may_not_change_composites(scene: Setup) -> None:
    manager = scene.caller("manage-users")
    role = scene.realm_role(unique("mine"))
    realm_admin = scene.admin_role("realm-admin")
    assert (
        manager.http.post(f"{scene.base}/roles/{role['name']}/composites", json=[realm_admin]).status_code
        == 403
    )
    by_id = manager.http.post(f"{scene.base}/roles-by-id/{role['id']}/composites", json=[realm_admin])
    assert by_id.status_code == 403
    assert scene.admin.get(f"{scene.base}/roles/{role['name']}/composites").json() == []


def test_a_realm_manager_may_not_put_admin_roles_into_composites(scene: Setup) -> None:
    held = scene.realm_role(unique("held"))["name"]
    # manage-clients too: Keycloak asks it for a client role put into a composite (see below).
    manager = scene.caller("manage-realm", "manage-clients", realm_roles=(held,))
    realm_admin = scene.admin_role("realm-admin")
    _refused(manager.http.post(f"{scene.base}/roles/{held}/composites", json=[realm_admin]))
    held_id = scene.admin.get(f"{scene.base}/roles/{held}").json()["id"]
    _refused(manager.http.post(f"{scene.base}/roles-by-id/{held_id}/composites", json=[realm_admin]))
    # Nested: a role that contains realm-admin is as good as realm-admin itself.
    ops = scene.realm_role(unique("ops"), contains=(realm_admin,))
    _refused(manager.http.post(f"{scene.base}/roles/{held}/composites", json=[ops]))
    added = gql_response(
        manager.http,
        "mutation($r: String!, $id: String!, $ids: [String!]!) {"
        " roleCompositesAdd(realm: $r, id: $id, roleIds: $ids) { role { id } } }",
        r=scene.realm,
        id=held_id,
        ids=[ops["id"]],
    )
    _graphql_refused(added)
    _refused(
        manager.http.post(f"{scene.base}/roles/{held}/composites", json=[scene.admin_role("manage-users")]),
        "Cannot map the admin role manage-users without holding it",
    )
    # Keycloak's rule for a composite's children: a client role needs the clients' manage right.
    realm_only = scene.caller("manage-realm")
    _refused(
        realm_only.http.post(
            f"{scene.base}/roles/{held}/composites", json=[scene.admin_role("manage-realm")]
        ),
        "Missing the manage-clients right in realm " + scene.realm,
    )
    assert scene.admin.get(f"{scene.base}/roles/{held}/composites").json() == []
    assert scene.admin_roles_of(manager.user_id) == {"manage-realm", "manage-clients"}
    # What the caller holds it may hand on.
    own = scene.admin_role("manage-realm")
    assert manager.http.post(f"{scene.base}/roles/{held}/composites", json=[own]).status_code == 204


def test_default_roles_may_not_gain_admin_roles(scene: Setup) -> None:
    manager = scene.caller("manage-realm", "manage-clients")
    default_role = f"default-roles-{scene.realm}"
    realm_admin = scene.admin_role("realm-admin")
    _refused(manager.http.post(f"{scene.base}/roles/{default_role}/composites", json=[realm_admin]))
    ops = scene.realm_role(unique("ops"), contains=(realm_admin,))
    _refused(manager.http.post(f"{scene.base}/roles/{default_role}/composites", json=[ops]))
    newcomer = scene.user()
    assert scene.admin_roles_of(newcomer) == set()
    harmless = scene.realm_role(unique("harmless"))
    added = manager.http.post(f"{scene.base}/roles/{default_role}/composites", json=[harmless])
    assert added.status_code == 204
    composites = scene.admin.get(f"{scene.base}/roles/{default_role}/composites").json()
    assert "realm-admin" not in {r["name"] for r in composites}


def test_default_groups_may_not_confer_admin_roles(scene: Setup) -> None:
    manager = scene.caller("manage-realm")
    admins = scene.group(unique("admins"), scene.admin_role("realm-admin"))
    below = scene.group("below", parent=admins)
    for group_id in (admins, below):
        _refused(manager.http.put(f"{scene.base}/default-groups/{group_id}"))
    assert scene.admin.get(f"{scene.base}/default-groups").json() == []
    plain = scene.group(unique("plain"))
    assert manager.http.put(f"{scene.base}/default-groups/{plain}").status_code == 204


def test_a_user_manager_may_not_create_users_into_admin_groups(scene: Setup) -> None:
    manager = scene.caller("manage-users")
    name = unique("admins")
    scene.group(name, scene.admin_role("realm-admin"))
    username = unique("puppet")
    body = {
        "username": username,
        "enabled": True,
        "groups": [f"/{name}"],
        "credentials": [{"type": "password", "value": PASSWORD, "temporary": False}],
    }
    _refused(manager.http.post(f"{scene.base}/users", json=body))
    assert scene.admin.get(f"{scene.base}/users", params={"username": username, "exact": "true"}).json() == []
    plain = unique("plain")
    scene.group(plain)
    made = manager.http.post(f"{scene.base}/users", json={**body, "groups": [f"/{plain}"]})
    assert made.status_code == 201, made.text


def test_revoking_an_admin_role_needs_holding_it(scene: Setup) -> None:
    manager = scene.caller("manage-users")
    boss = scene.caller("realm-admin")
    url = f"{scene.base}/users/{boss.user_id}/role-mappings/clients/{scene.management()}"
    _refused(manager.http.request("DELETE", url, json=[scene.admin_role("realm-admin")]))
    assert "realm-admin" in scene.admin_roles_of(boss.user_id)


def test_holders_may_confer_what_they_hold(scene: Setup) -> None:
    """The rule refuses only what the caller lacks: a realm admin (not a super admin) does all of the
    above, and a user manager hands on the user rights it holds, as Keycloak's role mapper does."""
    boss = scene.caller("realm-admin")
    admins = scene.group(unique("admins"), scene.admin_role("realm-admin"))
    other = scene.user()
    assert boss.http.put(f"{scene.base}/users/{other}/groups/{admins}").status_code == 204
    mine = scene.group(unique("mine"))
    assert boss.http.post(f"{scene.base}/groups/{admins}/children", json={"id": mine}).status_code == 204
    manager = scene.caller("manage-users")
    users_only = scene.realm_role(
        unique("helpdesk"), contains=(scene.admin_role("view-users"), scene.admin_role("query-groups"))
    )
    url = f"{scene.base}/users/{other}/role-mappings/realm"
    assert manager.http.post(url, json=[users_only]).status_code == 204
    helpdesk = scene.group(unique("helpdesk"), scene.admin_role("manage-users"))
    assert manager.http.put(f"{scene.base}/users/{other}/groups/{helpdesk}").status_code == 204
    url = f"{scene.base}/users/{other}/role-mappings/clients/{scene.management()}"
    assert manager.http.post(url, json=[scene.admin_role("view-users")]).status_code == 204
    _refused(
        manager.http.post(url, json=[scene.admin_role("view-clients")]),
        "Cannot map the admin role view-clients without holding it",
    )


# The master realm: its admin role is every realm's super admin ----------------------------------------------


@pytest.fixture
def master(admin: httpx.Client, base_url: str) -> Iterator[Setup]:
    with setup_of(admin, base_url, "master") as made:
        yield made


def test_a_master_user_manager_may_not_confer_the_super_admin_role(master: Setup) -> None:
    manager = master.caller("manage-users")
    supers = None
    try:
        admin_role = master.realm_role("admin")
        url = f"{master.base}/users/{manager.user_id}/role-mappings/realm"
        _refused(
            manager.http.post(url, json=[admin_role]), "Cannot map the admin role admin without holding it"
        )
        create_realm = master.realm_role("create-realm")
        _refused(
            manager.http.post(url, json=[create_realm]),
            "Cannot map the admin role create-realm without holding it",
        )
        supers = master.group(unique("supers"), admin_role)
        _refused(
            manager.http.put(f"{master.base}/users/{manager.user_id}/groups/{supers}"),
            "Cannot map the admin role admin without holding it",
        )
        held = master.admin.get(f"{master.base}/users/{manager.user_id}/role-mappings/realm/composite")
        assert not {"admin", "create-realm"} & {r["name"] for r in held.json()}
    finally:
        if supers is not None:
            master.admin.delete(f"{master.base}/groups/{supers}")
        master.admin.delete(f"{master.base}/users/{manager.user_id}")


# Realm import ---------------------------------------------------------------------------------------------


def _realm_creator(admin: httpx.Client, base_url: str) -> tuple[str, httpx.Client]:
    username = unique("creator")
    user_id = new_id(
        admin.post(
            "/admin/realms/master/users",
            json={
                "username": username,
                "enabled": True,
                "credentials": [{"type": "password", "value": PASSWORD, "temporary": False}],
            },
        )
    )
    role = admin.get("/admin/realms/master/roles/create-realm").json()
    assert (
        admin.post(f"/admin/realms/master/users/{user_id}/role-mappings/realm", json=[role]).status_code
        == 204
    )
    token = password_token(base_url, "master", username, PASSWORD)
    return user_id, httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def test_a_realm_creator_may_not_import_admin_roles(admin: httpx.Client, base_url: str) -> None:
    creator_id, creator = _realm_creator(admin, base_url)
    puppet: dict[str, Any] = {
        "username": "puppet",
        "enabled": True,
        "credentials": [{"type": "password", "value": PASSWORD, "temporary": False}],
    }
    imports: list[dict[str, Any]] = [
        {"users": [{**puppet, "clientRoles": {"realm-management": ["realm-admin"]}}]},
        {
            "groups": [{"name": "admins", "clientRoles": {"realm-management": ["manage-users"]}}],
            "users": [{**puppet, "groups": ["/admins"]}],
        },
        {
            "roles": {
                "realm": [
                    {
                        "name": "ops",
                        "composite": True,
                        "composites": {"client": {"realm-management": ["realm-admin"]}},
                    }
                ]
            },
            "users": [{**puppet, "realmRoles": ["ops"]}],
        },
        {
            "roles": {
                "realm": [
                    {
                        "name": "ops",
                        "composite": True,
                        "composites": {"client": {"realm-management": ["realm-admin"]}},
                    }
                ]
            },
            "defaultRoles": ["ops"],
            "users": [puppet],
        },
    ]
    try:
        for contents in imports:
            name = unique("imported")
            response = creator.post("/admin/realms", json={"realm": name, "enabled": True, **contents})
            assert response.status_code == 403, (contents, response.text)
            assert "Cannot map the admin role" in response.json()["error_description"]
            assert admin.get(f"/admin/realms/{name}").status_code == 404
        # Without admin roles the creator's import goes through.
        name = unique("imported")
        response = creator.post("/admin/realms", json={"realm": name, "enabled": True, "users": [puppet]})
        assert response.status_code == 201, response.text
        admin.delete(f"/admin/realms/{name}")
        # The super admin may import anything.
        name = unique("imported")
        response = admin.post("/admin/realms", json={"realm": name, "enabled": True, **imports[0]})
        assert response.status_code == 201, response.text
        admin.delete(f"/admin/realms/{name}")
    finally:
        creator.close()
        admin.delete(f"/admin/realms/master/users/{creator_id}")
