"""The ACP engine through GraphQL: decisions with their explanation, listings, mutations with typed errors,
and one store behind both doors."""

from __future__ import annotations

import httpx
from ory_keto_client import EnginesApi, OryAccessControlPolicy, OryAccessControlPolicyRole

from tests.graphql_client import gql
from tests.support import unique

ALLOWED = """
query Allowed($flavor: AcpFlavor!, $subject: String!, $resource: String!, $action: String!, $context: JSON) {
  acpAllowed(flavor: $flavor, subject: $subject, resource: $resource, action: $action, context: $context) {
    allowed
    explain { matched deciding }
  }
}
"""

POLICY_UPSERT = """
mutation Upsert($flavor: AcpFlavor!, $input: AcpPolicyInput!) {
  acpPolicyUpsert(flavor: $flavor, input: $input) {
    policy { policyId flavor effect subjects resources actions conditions description }
    errors { code message field }
  }
}
"""

POLICY_DELETE = """
mutation Delete($flavor: AcpFlavor!, $id: String!) {
  acpPolicyDelete(flavor: $flavor, id: $id) { deletedId errors { code message } }
}
"""

POLICIES = """
query Policies($flavor: AcpFlavor!, $subject: String, $first: Int, $after: String) {
  acpPolicies(flavor: $flavor, subject: $subject, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { policyId effect } }
  }
}
"""

ROLE_UPSERT = """
mutation RoleUpsert($flavor: AcpFlavor!, $input: AcpRoleInput!) {
  acpRoleUpsert(flavor: $flavor, input: $input) {
    role { roleId flavor description members }
    errors { code field }
  }
}
"""

ROLE_MEMBERS_ADD = """
mutation Add($flavor: AcpFlavor!, $id: String!, $members: [String!]!) {
  acpRoleMembersAdd(flavor: $flavor, id: $id, members: $members) { role { roleId members } errors { code } }
}
"""

ROLE_MEMBER_REMOVE = """
mutation Remove($flavor: AcpFlavor!, $id: String!, $member: String!) {
  acpRoleMemberRemove(flavor: $flavor, id: $id, member: $member) { role { roleId members } errors { code } }
}
"""

ROLE_DELETE = """
mutation RoleDelete($flavor: AcpFlavor!, $id: String!) {
  acpRoleDelete(flavor: $flavor, id: $id) { deletedId errors { code } }
}
"""

ROLES = """
query Roles($flavor: AcpFlavor!, $member: String) {
  acpRoles(flavor: $flavor, member: $member) { edges { node { roleId members } } }
}
"""

ROLES_OF_USER = """
query RolesOfUser($realm: String!, $userId: String!) {
  acpRolesOfUser(realm: $realm, userId: $userId) { roleId flavor }
}
"""


def test_allowed_explains_matched_and_deciding_policies(admin: httpx.Client) -> None:
    user, allow_id, deny_id = unique("u"), unique("allow"), unique("deny")
    policy = {"subjects": [user], "resources": ["files:*"], "actions": ["read", "write"], "effect": "allow"}
    made = gql(admin, POLICY_UPSERT, flavor="GLOB", input={"id": allow_id, **policy})["acpPolicyUpsert"]
    assert made["errors"] == [] and made["policy"]["flavor"] == "GLOB"

    decision = gql(admin, ALLOWED, flavor="GLOB", subject=user, resource="files:a", action="read")
    decision = decision["acpAllowed"]
    assert decision == {"allowed": True, "explain": {"matched": [allow_id], "deciding": allow_id}}

    deny = {**policy, "id": deny_id, "actions": ["write"], "effect": "deny"}
    assert gql(admin, POLICY_UPSERT, flavor="GLOB", input=deny)["acpPolicyUpsert"]["errors"] == []
    decision = gql(admin, ALLOWED, flavor="GLOB", subject=user, resource="files:a", action="write")
    decision = decision["acpAllowed"]
    assert decision == {"allowed": False, "explain": {"matched": [allow_id, deny_id], "deciding": deny_id}}

    decision = gql(admin, ALLOWED, flavor="GLOB", subject=user, resource="db:x", action="read")["acpAllowed"]
    assert decision == {"allowed": False, "explain": {"matched": [], "deciding": None}}

    for pid in (allow_id, deny_id):
        assert gql(admin, POLICY_DELETE, flavor="GLOB", id=pid)["acpPolicyDelete"]["deletedId"] == pid
    missing = gql(admin, POLICY_DELETE, flavor="GLOB", id=allow_id)["acpPolicyDelete"]
    assert missing["errors"][0]["code"] == "NOT_FOUND"


def test_allowed_with_context_conditions(admin: httpx.Client) -> None:
    user, pid = unique("u"), unique("p")
    doc = {
        "id": pid,
        "subjects": [user],
        "resources": ["r"],
        "actions": ["a"],
        "effect": "allow",
        "conditions": {"env": {"type": "StringEqualCondition", "options": {"equals": "prod"}}},
    }
    assert gql(admin, POLICY_UPSERT, flavor="EXACT", input=doc)["acpPolicyUpsert"]["errors"] == []
    ok = gql(admin, ALLOWED, flavor="EXACT", subject=user, resource="r", action="a", context={"env": "prod"})
    assert ok["acpAllowed"]["allowed"] is True
    no = gql(admin, ALLOWED, flavor="EXACT", subject=user, resource="r", action="a", context={"env": "dev"})
    assert no["acpAllowed"] == {"allowed": False, "explain": {"matched": [], "deciding": None}}
    gql(admin, POLICY_DELETE, flavor="EXACT", id=pid)


def test_invalid_policies_are_typed_errors(admin: httpx.Client) -> None:
    base = {"subjects": ["s"], "resources": ["r"], "actions": ["a"], "effect": "allow"}
    bad_pattern = gql(admin, POLICY_UPSERT, flavor="REGEX", input={**base, "subjects": ["<[>"]})
    assert bad_pattern["acpPolicyUpsert"]["policy"] is None
    assert bad_pattern["acpPolicyUpsert"]["errors"][0]["code"] == "INVALID"
    assert bad_pattern["acpPolicyUpsert"]["errors"][0]["field"] == "subjects"
    bad_condition = gql(
        admin,
        POLICY_UPSERT,
        flavor="EXACT",
        input={**base, "conditions": {"x": {"type": "Nope", "options": {}}}},
    )
    assert bad_condition["acpPolicyUpsert"]["errors"][0]["code"] == "INVALID"
    bad_effect = gql(admin, POLICY_UPSERT, flavor="EXACT", input={**base, "effect": "perhaps"})
    assert bad_effect["acpPolicyUpsert"]["errors"][0]["field"] == "effect"


def test_policies_connection_pages(admin: httpx.Client) -> None:
    subject = unique("pager")
    ids = [f"{subject}-{i}" for i in range(3)]
    for pid in ids:
        gql(
            admin,
            POLICY_UPSERT,
            flavor="EXACT",
            input={"id": pid, "subjects": [subject], "resources": ["r"], "actions": ["a"], "effect": "allow"},
        )
    first = gql(admin, POLICIES, flavor="EXACT", subject=subject, first=2)["acpPolicies"]
    assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["policyId"] for e in first["edges"]] == ids[:2]
    rest = gql(
        admin, POLICIES, flavor="EXACT", subject=subject, first=2, after=first["pageInfo"]["endCursor"]
    )["acpPolicies"]
    assert [e["node"]["policyId"] for e in rest["edges"]] == ids[2:] and rest["pageInfo"][
        "hasNextPage"
    ] is False
    for pid in ids:
        gql(admin, POLICY_DELETE, flavor="EXACT", id=pid)


def test_role_mutations_and_roles_of_user(admin: httpx.Client, realm: str) -> None:
    response = admin.post(f"/admin/realms/{realm}/users", json={"username": unique("carol"), "enabled": True})
    user_id = response.headers["location"].rsplit("/", 1)[1]
    username = admin.get(f"/admin/realms/{realm}/users/{user_id}").json()["username"]
    by_name, by_id = unique("by-name"), unique("by-id")

    made = gql(
        admin,
        ROLE_UPSERT,
        flavor="REGEX",
        input={"id": by_name, "description": "named", "members": [username]},
    )["acpRoleUpsert"]
    assert made["role"] == {
        "roleId": by_name,
        "flavor": "REGEX",
        "description": "named",
        "members": [username],
    }
    added = gql(admin, ROLE_MEMBERS_ADD, flavor="EXACT", id=by_id, members=[user_id, "other"])
    assert added["acpRoleMembersAdd"]["role"]["members"] == [user_id, "other"]

    roles = gql(admin, ROLES_OF_USER, realm=realm, userId=user_id)["acpRolesOfUser"]
    assert {(r["roleId"], r["flavor"]) for r in roles} == {(by_name, "REGEX"), (by_id, "EXACT")}
    listed = gql(admin, ROLES, flavor="EXACT", member="other")["acpRoles"]["edges"]
    assert [e["node"]["roleId"] for e in listed] == [by_id]

    removed = gql(admin, ROLE_MEMBER_REMOVE, flavor="EXACT", id=by_id, member=user_id)["acpRoleMemberRemove"]
    assert removed["role"]["members"] == ["other"]
    roles = gql(admin, ROLES_OF_USER, realm=realm, userId=user_id)["acpRolesOfUser"]
    assert [r["roleId"] for r in roles] == [by_name]

    missing = gql(admin, ROLE_MEMBER_REMOVE, flavor="EXACT", id=unique("none"), member="x")
    assert missing["acpRoleMemberRemove"]["errors"] == [{"code": "NOT_FOUND"}]
    too_long = gql(admin, ROLE_UPSERT, flavor="EXACT", input={"id": "x" * 300, "members": []})
    assert too_long["acpRoleUpsert"]["errors"] == [{"code": "INVALID", "field": "id"}]
    for flavor, role_id in (("REGEX", by_name), ("EXACT", by_id)):
        assert gql(admin, ROLE_DELETE, flavor=flavor, id=role_id)["acpRoleDelete"]["deletedId"] == role_id


def test_rest_write_is_seen_at_once_by_allowed_and_graphql(engines: EnginesApi, admin: httpx.Client) -> None:
    user, pid, role_id = unique("u"), unique("p"), unique("r")
    # Warm the compiled set first, so that the write must invalidate it.
    warm = gql(admin, ALLOWED, flavor="EXACT", subject=user, resource="x", action="y")
    assert warm["acpAllowed"]["allowed"] is False
    engines.upsert_ory_access_control_policy(
        "exact",
        body=OryAccessControlPolicy(
            id=pid, subjects=[role_id], resources=["x"], actions=["y"], effect="allow"
        ),
    )
    engines.upsert_ory_access_control_policy_role(
        "exact", body=OryAccessControlPolicyRole(id=role_id, members=[user])
    )
    decision = gql(admin, ALLOWED, flavor="EXACT", subject=user, resource="x", action="y")["acpAllowed"]
    assert decision == {"allowed": True, "explain": {"matched": [pid], "deciding": pid}}
    assert admin.post(
        "/engines/acp/ory/exact/allowed", json={"subject": user, "resource": "x", "action": "y"}
    ).json() == {"allowed": True}
    listed = gql(admin, POLICIES, flavor="EXACT", subject=role_id)["acpPolicies"]
    assert [e["node"]["policyId"] for e in listed["edges"]] == [pid]

    # And a GraphQL write is seen at once by REST.
    gql(admin, ROLE_MEMBER_REMOVE, flavor="EXACT", id=role_id, member=user)
    response = admin.post(
        "/engines/acp/ory/exact/allowed", json={"subject": user, "resource": "x", "action": "y"}
    )
    assert (response.status_code, response.json()) == (403, {"allowed": False})
    assert engines.get_ory_access_control_policy_role("exact", role_id).members == []
    engines.delete_ory_access_control_policy("exact", pid)
    engines.delete_ory_access_control_policy_role("exact", role_id)
