"""The identity core through GraphQL, against the Keycloak door over the same store."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from keycloak import KeycloakAdmin

from models import GroupMembership, Realm, User, UserRoleMapping
from tests.graphql_client import gql, gql_response
from tests.keycloak_fixtures import create_group
from tests.support import RunningServer, count_sql

GROUP_TREE = """
query ($realm: String!, $path: String!) {
  group(realm: $realm, path: $path) {
    groupId name path parent { name } subGroups { name path subGroups { name } }
    members { totalCount edges { node { username } } } roleMappings { name } effectiveRoles { name }
  }
}
"""

USER_ROLES = """
query ($realm: String!, $id: String!) {
  user(realm: $realm, id: $id) {
    username groups { path } effectiveRoles { name clientRole client { clientId } }
  }
}
"""

REALM_USERS_GROUPS_ROLES = """
query ($realm: String!, $first: Int) {
  realm(name: $realm) {
    users(first: $first) {
      edges {
        node { username groups { path subGroups { name } } effectiveRoles { name composites { name } } }
      }
    }
  }
}
"""

GROUP_CREATE = """
mutation ($realm: String!, $name: String!, $parent: String) {
  groupCreate(realm: $realm, input: {name: $name}, parentId: $parent) {
    group { groupId path } errors { code message field }
  }
}
"""

ROLE_CREATE = """
mutation ($realm: String!, $name: String, $client: String) {
  roleCreate(realm: $realm, input: {name: $name}, clientUuid: $client) {
    role { roleId name clientRole } errors { code message }
  }
}
"""

MUTATE = """
mutation ($realm: String!, $user: String!, $group: String!, $parent: String!, $roles: [String!]!,
          $role: String!, $child: String!) {
  join: userGroupJoin(realm: $realm, userId: $user, groupId: $group) { group { path } errors { code } }
  map: groupRoleMappingsAdd(realm: $realm, groupId: $parent, roleIds: $roles) { ok errors { code } }
  comp: roleCompositesAdd(realm: $realm, id: $role, roleIds: [$child]) { role { name } errors { code } }
}
"""


def test_one_scenario_through_both_doors(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    # Built through the Keycloak door ...
    kc.create_realm_role({"name": "lead"})
    kc.create_realm_role({"name": "dev"})
    kc.add_composite_realm_roles_to_role("lead", [kc.get_realm_role("dev")])
    app = kc.create_client({"clientId": "tracker"})
    kc.create_client_role(app, {"name": "triage"})
    org = create_group(kc, {"name": "org"})
    team = create_group(kc, {"name": "team"}, parent=org)
    kc.assign_group_realm_roles(org, [kc.get_realm_role("lead")])
    kc.assign_group_client_roles(team, app, [kc.get_client_role(app, "triage")])
    uid = kc.create_user({"username": "dana", "enabled": True})
    kc.group_user_add(uid, team)

    # ... read through GraphQL.
    user = gql(admin, USER_ROLES, realm=realm, id=uid)["user"]
    assert [g["path"] for g in user["groups"]] == ["/org/team"]
    graph_realm = {r["name"] for r in user["effectiveRoles"] if not r["clientRole"]}
    rest_realm = {r["name"] for r in kc.get_composite_realm_roles_of_user(uid)}
    assert graph_realm == rest_realm and {"lead", "dev", "offline_access"} <= graph_realm
    clients = {(r["client"]["clientId"], r["name"]) for r in user["effectiveRoles"] if r["clientRole"]}
    assert ("tracker", "triage") in clients
    tree = gql(admin, GROUP_TREE, realm=realm, path="/org")["group"]
    assert tree["subGroups"] == [{"name": "team", "path": "/org/team", "subGroups": []}]
    assert tree["roleMappings"] == [{"name": "lead"}]
    assert {r["name"] for r in tree["effectiveRoles"]} == {"lead", "dev"}
    team_node = gql(admin, GROUP_TREE, realm=realm, path="/org/team")["group"]
    assert team_node["parent"] == {"name": "org"} and team_node["members"] == {
        "totalCount": 1,
        "edges": [{"node": {"username": "dana"}}],
    }

    # Writes through GraphQL show at the Keycloak door.
    made = gql(admin, GROUP_CREATE, realm=realm, name="ops", parent=org)["groupCreate"]
    assert made["errors"] == [] and made["group"]["path"] == "/org/ops"
    assert kc.get_group_by_path("/org/ops")["id"] == made["group"]["groupId"]
    dup = gql(admin, GROUP_CREATE, realm=realm, name="ops", parent=org)["groupCreate"]
    assert dup["group"] is None and dup["errors"][0]["code"] == "CONFLICT"
    missing = gql(admin, GROUP_CREATE, realm=realm, name="x", parent="nope")["groupCreate"]
    assert missing["errors"][0]["code"] == "NOT_FOUND"
    role = gql(admin, ROLE_CREATE, realm=realm, name="auditor")["roleCreate"]
    assert role["errors"] == [] and kc.get_realm_role("auditor")["id"] == role["role"]["roleId"]
    assert gql(admin, ROLE_CREATE, realm=realm, name="")["roleCreate"]["errors"][0]["code"] == "INVALID"
    child = gql(admin, ROLE_CREATE, realm=realm, name="reader")["roleCreate"]["role"]["roleId"]
    done = gql(
        admin,
        MUTATE,
        realm=realm,
        user=uid,
        group=made["group"]["groupId"],
        parent=org,
        roles=[role["role"]["roleId"]],
        role=role["role"]["roleId"],
        child=child,
    )
    assert done["join"]["errors"] == [] and done["map"]["ok"] and done["comp"]["errors"] == []
    assert {"auditor", "reader"} <= {r["name"] for r in kc.get_composite_realm_roles_of_user(uid)}
    assert sorted(g["path"] for g in kc.get_user_groups(uid)) == ["/org/ops", "/org/team"]


def test_graphql_errors_and_rights(
    admin: httpx.Client, anonymous: httpx.Client, caller_with: Callable[..., httpx.Client], realm: str
) -> None:
    viewer = caller_with("view-users")
    denied = gql_response(viewer, GROUP_CREATE, realm=realm, name="v")
    assert denied["errors"] and not (denied.get("data") or {}).get("groupCreate")
    assert gql(viewer, GROUP_TREE, realm=realm, path="/nope")["group"] is None
    assert gql(admin, GROUP_TREE, realm=realm, path="/nope")["group"] is None
    moved = gql(
        admin, 'mutation ($r: String!) { groupMove(realm: $r, id: "nope") { errors { code } } }', r=realm
    )
    assert moved["groupMove"]["errors"] == [{"code": "NOT_FOUND"}]
    body = anonymous.post(
        "/graphql", json={"query": GROUP_CREATE, "variables": {"realm": realm, "name": "x"}}
    ).json()
    assert body.get("errors") and not (body.get("data") or {}).get("groupCreate")
    cl = gql(
        admin,
        'mutation ($r: String!) { clientCreate(realm: $r, input: {clientId: "gql-app"}) '
        "{ client { clientUuid clientId } errors { code } } }",
        r=realm,
    )["clientCreate"]
    uuid = cl["client"]["clientUuid"]
    upd = gql(
        admin,
        "mutation ($r: String!, $id: String!) { clientUpdate(realm: $r, id: $id, "
        'input: {name: "Named"}) { client { name } errors { code } } }',
        r=realm,
        id=uuid,
    )
    assert upd["clientUpdate"]["client"]["name"] == "Named"
    assert admin.get(f"/admin/realms/{realm}/clients/{uuid}").json()["name"] == "Named"
    listed = gql(
        admin,
        'query ($r: String!) { clients(realm: $r, clientId: "gql-app") '
        "{ totalCount edges { node { clientId } } } }",
        r=realm,
    )
    assert listed["clients"] == {"totalCount": 1, "edges": [{"node": {"clientId": "gql-app"}}]}
    gone = gql(
        admin,
        "mutation ($r: String!, $id: String!) { clientDelete(realm: $r, id: $id) "
        "{ deletedId errors { code } } }",
        r=realm,
        id=uuid,
    )
    assert gone["clientDelete"]["deletedId"] == uuid
    assert admin.get(f"/admin/realms/{realm}/clients/{uuid}").status_code == 404


async def _seed(realm_name: str, count: int, group_ids: list[str], role_id: str) -> None:
    realm = await Realm.get(name=realm_name)
    made = [User(realm_id=realm.id, username=f"bulk{i:04d}") for i in range(count)]
    await User.bulk_create(made)
    ids = [u.id for u in made]
    await GroupMembership.bulk_create(
        [GroupMembership(user_id=uid, group_id=group_ids[i % len(group_ids)]) for i, uid in enumerate(ids)]
    )
    await UserRoleMapping.bulk_create([UserRoleMapping(user_id=uid, role_id=role_id) for uid in ids[::2]])


def _statements(admin: httpx.Client, realm: str, first: int) -> int:
    with count_sql() as counter:
        data = gql(admin, REALM_USERS_GROUPS_ROLES, realm=realm, first=first)
    edges = data["realm"]["users"]["edges"]
    assert len(edges) == first
    assert all(e["node"]["groups"] and e["node"]["effectiveRoles"] for e in edges)
    return counter.count


def test_nested_query_costs_constant_sql(
    kc: KeycloakAdmin, admin: httpx.Client, server: RunningServer, realm: str
) -> None:
    kc.create_realm_role({"name": "outer"})
    kc.create_realm_role({"name": "inner"})
    kc.add_composite_realm_roles_to_role("outer", [kc.get_realm_role("inner")])
    top = create_group(kc, {"name": "top"})
    groups = [create_group(kc, {"name": f"g{i}"}, parent=top) for i in range(3)]
    kc.assign_group_realm_roles(top, [kc.get_realm_role("outer")])
    server.run(_seed(realm, 100, groups, kc.get_realm_role("inner")["id"]))
    assert _statements(admin, realm, 10) == _statements(admin, realm, 100)


GROUPS_PAGE = """
query ($r: String!, $after: String) {
  groups(realm: $r, first: 2, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { name } }
  }
  roles(realm: $r, first: 50) { totalCount edges { node { name } } }
}
"""


def test_groups_and_roles_are_relay_connections(admin: httpx.Client, realm: str) -> None:
    for name in ("a", "b", "c"):
        assert admin.post(f"/admin/realms/{realm}/groups", json={"name": name}).status_code == 201
    page1 = gql(admin, GROUPS_PAGE, r=realm)
    assert [e["node"]["name"] for e in page1["groups"]["edges"]] == ["a", "b"]
    assert page1["groups"]["totalCount"] == 3 and page1["groups"]["pageInfo"]["hasNextPage"] is True
    assert page1["roles"]["totalCount"] == len(page1["roles"]["edges"]) == 3  # the seeded realm roles
    page2 = gql(admin, GROUPS_PAGE, r=realm, after=page1["groups"]["pageInfo"]["endCursor"])
    assert [e["node"]["name"] for e in page2["groups"]["edges"]] == ["c"]
    assert page2["groups"]["pageInfo"]["hasNextPage"] is False
