"""node(id:) and nodes(ids:) reach every entity type, and only what the caller may see."""

from __future__ import annotations

from typing import Any

import httpx

import schema.schema  # noqa: F401 - registers every Node type
from schema.kit import node
from schema.kit.relay import to_global_id
from tests.graphql_client import gql, gql_response
from tests.support import RunningServer, unique
from tests.users.helpers import PASSWORD, limited_admin, login, make_user, username_of

NODE = """
query ($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Realm { realmId name }
    ... on User { userId username }
    ... on Group { groupId path }
    ... on Role { roleId name }
    ... on Client { clientUuid clientId }
    ... on LowballToken { tid clientId }
    ... on Credential { credentialId type }
    ... on UserSession { sessionId username }
    ... on AcpPolicy { policyId flavor }
    ... on AcpRole { roleId flavor members }
  }
}
"""

OF_USER = """
query ($realm: String!, $user: String!) {
  userCredentials(realm: $realm, userId: $user) { id credentialId }
  userSessions(realm: $realm, userId: $user) { id sessionId }
}
"""

ACP_WRITES = """
mutation ($policy: String!, $role: String!) {
  acpPolicyUpsert(flavor: GLOB, input: {id: $policy, subjects: ["s"], resources: ["r"], actions: ["a"],
                                        effect: "allow"}) { policy { id policyId } errors { code } }
  acpRoleUpsert(flavor: EXACT, input: {id: $role, members: ["m"]}) { role { id roleId } errors { code } }
}
"""

NODES = "query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"

IDS = """
query ($realm: String!, $user: String!, $group: String!, $role: String!, $client: String!) {
  realm(name: $realm) { id }
  user(realm: $realm, id: $user) { id }
  group(realm: $realm, id: $group) { id }
  role(realm: $realm, id: $role) { id }
  clients(realm: $realm, clientId: $client) { edges { node { id } } }
}
"""

TOKEN_CREATE = "mutation { lowballTokenCreate { token { id tid } errors { code } } }"


def _created(response: httpx.Response) -> str:
    assert response.status_code == 201, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


def _entities(admin: httpx.Client, realm: str) -> dict[str, str]:
    """A user, a group, a realm role and a client in ``realm``: their own ids by type name."""
    base = f"/admin/realms/{realm}"
    user = _created(admin.post(f"{base}/users", json={"username": "node-user", "enabled": True}))
    group = _created(admin.post(f"{base}/groups", json={"name": "node-group"}))
    assert admin.post(f"{base}/roles", json={"name": "node-role"}).status_code == 201
    role = admin.get(f"{base}/roles/node-role").json()["id"]
    client = _created(admin.post(f"{base}/clients", json={"clientId": "node-client"}))
    realm_id = admin.get(base).json()["id"]
    return {"Realm": realm_id, "User": user, "Group": group, "Role": role, "Client": client}


def _node(client: httpx.Client, global_id: str) -> Any:
    return gql(client, NODE, id=global_id)["node"]


def test_node_resolves_every_entity_type(admin: httpx.Client, realm: str) -> None:
    own = _entities(admin, realm)
    data = gql(
        admin, IDS, realm=realm, user=own["User"], group=own["Group"], role=own["Role"], client="node-client"
    )
    listed = {
        "Realm": data["realm"]["id"],
        "User": data["user"]["id"],
        "Group": data["group"]["id"],
        "Role": data["role"]["id"],
        "Client": data["clients"]["edges"][0]["node"]["id"],
    }
    raw_field = {
        "Realm": "realmId",
        "User": "userId",
        "Group": "groupId",
        "Role": "roleId",
        "Client": "clientUuid",
    }
    for type_name, global_id in listed.items():
        assert global_id == to_global_id(type_name, own[type_name])
        found = _node(admin, global_id)
        assert found["__typename"] == type_name and found["id"] == global_id
        assert found[raw_field[type_name]] == own[type_name]
    assert _node(admin, listed["Group"])["path"] == "/node-group"

    token = gql(admin, TOKEN_CREATE)["lowballTokenCreate"]["token"]
    found = _node(admin, token["id"])
    assert found["__typename"] == "LowballToken" and found["tid"] == token["tid"]


def test_node_is_null_for_missing_unknown_and_malformed_ids(admin: httpx.Client) -> None:
    for global_id in (to_global_id("Group", "no-such-group"), to_global_id("Nothing", "x"), "not base64!"):
        assert _node(admin, global_id) is None


def test_nodes_answer_in_order_with_nulls(admin: httpx.Client, realm: str) -> None:
    own = _entities(admin, realm)
    ids = [
        to_global_id("User", own["User"]),
        "garbage",
        to_global_id("Client", own["Client"]),
        to_global_id("Role", "missing"),
        to_global_id("Realm", own["Realm"]),
    ]
    found = gql(admin, NODES, ids=ids)["nodes"]
    assert [n and n["__typename"] for n in found] == ["User", None, "Client", None, "Realm"]
    assert [n and n["id"] for n in found] == [ids[0], None, ids[2], None, ids[4]]
    too_many = gql_response(admin, NODES, ids=[ids[0]] * 101)
    assert too_many["errors"] and too_many["data"] is None


def test_node_shows_only_what_the_caller_may_see(
    admin: httpx.Client, server: RunningServer, realm: str
) -> None:
    own = _entities(admin, realm)
    global_ids = {name: to_global_id(name, raw) for name, raw in own.items()}
    # view-clients sees the realm (any admin right) and its clients, not its users, groups or realm roles.
    with limited_admin(server, admin, realm, "view-clients") as viewer:
        seen = {name: _node(viewer, gid) is not None for name, gid in global_ids.items()}
        assert seen == {"Realm": True, "User": False, "Group": False, "Role": False, "Client": True}
    with limited_admin(server, admin, realm, "view-users") as viewer:
        seen = {name: _node(viewer, gid) is not None for name, gid in global_ids.items()}
        assert seen == {"Realm": True, "User": True, "Group": True, "Role": False, "Client": False}
        assert _node(viewer, to_global_id("Realm", admin.get("/admin/realms/master").json()["id"])) is None


def test_node_resolves_what_hangs_off_a_user_and_acp_objects(
    admin: httpx.Client, server: RunningServer, realm: str
) -> None:
    user_id = make_user(admin, realm)
    assert login(server.base_url, realm, username_of(admin, realm, user_id), PASSWORD).status_code == 200
    data = gql(admin, OF_USER, realm=realm, user=user_id)
    credential, session = data["userCredentials"][0], data["userSessions"][0]
    assert credential["id"] == to_global_id("Credential", f"{user_id}/{credential['credentialId']}")
    assert _node(admin, credential["id"]) == {
        "__typename": "Credential",
        "id": credential["id"],
        "credentialId": credential["credentialId"],
        "type": "password",
    }
    assert _node(admin, session["id"])["sessionId"] == session["sessionId"]
    with limited_admin(server, admin, realm, "view-clients") as viewer:
        assert _node(viewer, credential["id"]) is None and _node(viewer, session["id"]) is None

    policy_id, role_id = unique("node-policy"), unique("node-role")
    made = gql(admin, ACP_WRITES, policy=policy_id, role=role_id)
    policy, role = made["acpPolicyUpsert"]["policy"], made["acpRoleUpsert"]["role"]
    assert _node(admin, policy["id"])["policyId"] == policy_id == policy["policyId"]
    assert _node(admin, role["id"]) == {
        "__typename": "AcpRole",
        "id": role["id"],
        "roleId": role_id,
        "flavor": "EXACT",
        "members": ["m"],
    }
    assert _node(admin, to_global_id("AcpPolicy", f"exact/{policy_id}")) is None  # another flavor's namespace
    assert _node(admin, to_global_id("AcpRole", "no-such-flavor/x")) is None


def test_every_registered_node_type_defines_its_node_key() -> None:
    missing = [name for name, kind in node._TYPES.items() if kind.cls.node_key is node.Node.node_key]
    assert node._TYPES and not missing, missing
