"""Authentication flows and required actions in GraphQL, over the same resolvers as REST."""

from __future__ import annotations

import httpx
from keycloak import KeycloakAdmin

from tests.graphql_client import gql

REALM_FLOWS = """
query ($realm: String!) {
  realm(name: $realm) {
    authenticationFlows { id flowId alias builtIn providerId executions { displayName level requirement } }
    requiredActions { alias priority enabled }
  }
}
"""

COPY = """
mutation ($realm: String!, $alias: String!, $newName: String!) {
  authenticationFlowCopy(realm: $realm, alias: $alias, newName: $newName) {
    authenticationFlow { id flowId alias builtIn executions { executionId displayName requirement level } }
    errors { code message }
  }
}
"""

REQUIREMENT = """
mutation ($realm: String!, $flow: String!, $id: String!, $requirement: String!) {
  authenticationExecutionRequirementSet(
    realm: $realm, flowAlias: $flow, executionId: $id, requirement: $requirement
  ) { ok errors { code message } }
}
"""

ADD = """
mutation ($realm: String!, $flow: String!, $provider: String!) {
  authenticationExecutionAdd(realm: $realm, flowAlias: $flow, provider: $provider) {
    authenticationFlow { executions { displayName providerId requirement } }
    errors { code message }
  }
}
"""

DELETE = """
mutation ($realm: String!, $id: String!) {
  authenticationFlowDelete(realm: $realm, id: $id) { ok deletedId errors { code message } }
}
"""

ACTION = """
mutation ($realm: String!, $alias: String!, $input: RequiredActionInput!) {
  requiredActionUpdate(realm: $realm, alias: $alias, input: $input) {
    requiredAction { alias enabled defaultAction priority } errors { code }
  }
}
"""

NODE = "query ($id: ID!) { node(id: $id) { ... on AuthenticationFlow { alias topLevel } } }"


def test_flows_and_required_actions_through_graphql(
    kc: KeycloakAdmin, admin: httpx.Client, realm: str
) -> None:
    found = gql(admin, REALM_FLOWS, realm=realm)["realm"]
    flows = {f["alias"]: f for f in found["authenticationFlows"]}
    assert len(flows) == 7 and flows["browser"]["builtIn"] is True
    assert flows["browser"]["executions"][-1] == {
        "displayName": "OTP Form",
        "level": 2,
        "requirement": "REQUIRED",
    }
    assert found["requiredActions"][0] == {"alias": "CONFIGURE_TOTP", "priority": 10, "enabled": True}
    copy = gql(admin, COPY, realm=realm, alias="browser", newName="gql browser")["authenticationFlowCopy"]
    assert copy["errors"] == [] and copy["authenticationFlow"]["builtIn"] is False
    otp = next(e for e in copy["authenticationFlow"]["executions"] if e["displayName"] == "OTP Form")
    conditional = next(
        e for e in copy["authenticationFlow"]["executions"] if e["displayName"].endswith("Conditional OTP")
    )
    changed = gql(
        admin,
        REQUIREMENT,
        realm=realm,
        flow="gql browser",
        id=conditional["executionId"],
        requirement="REQUIRED",
    )
    assert changed["authenticationExecutionRequirementSet"] == {"ok": True, "errors": []}
    rows = kc.get_authentication_flow_executions("gql browser")
    assert next(r for r in rows if r["id"] == conditional["executionId"])["requirement"] == "REQUIRED"
    assert any(r["id"] == otp["executionId"] for r in rows)
    added = gql(admin, ADD, realm=realm, flow="gql browser", provider="auth-otp-form")[
        "authenticationExecutionAdd"
    ]
    assert added["authenticationFlow"]["executions"][-1]["providerId"] == "auth-otp-form"
    refused = gql(admin, ADD, realm=realm, flow="browser", provider="auth-otp-form")[
        "authenticationExecutionAdd"
    ]
    assert refused["authenticationFlow"] is None and refused["errors"][0]["code"] == "INVALID"
    node = gql(admin, NODE, id=copy["authenticationFlow"]["id"])["node"]
    assert node == {"alias": "gql browser", "topLevel": True}
    deleted = gql(admin, DELETE, realm=realm, id=copy["authenticationFlow"]["flowId"])[
        "authenticationFlowDelete"
    ]
    assert deleted["ok"] is True
    builtin = gql(admin, DELETE, realm=realm, id=flows["browser"]["flowId"])["authenticationFlowDelete"]
    assert builtin["ok"] is False and builtin["errors"][0]["message"] == "Can't delete built in flow"
    action = gql(
        admin,
        ACTION,
        realm=realm,
        alias="TERMS_AND_CONDITIONS",
        input={"name": "Terms", "enabled": True, "defaultAction": True, "priority": 5},
    )["requiredActionUpdate"]
    assert action["requiredAction"] == {
        "alias": "TERMS_AND_CONDITIONS",
        "enabled": True,
        "defaultAction": True,
        "priority": 5,
    }
    assert kc.get_required_actions()[0]["alias"] == "TERMS_AND_CONDITIONS"
