"""Client scopes and protocol mappers in GraphQL, over the same resolvers as REST."""

from __future__ import annotations

import httpx
from keycloak import KeycloakAdmin

from tests.graphql_client import gql

REALM_SCOPES = """
query ($realm: String!) {
  realm(name: $realm) {
    clientScopes(first: 20) {
      totalCount
      edges { node { id scopeId name protocol protocolMappers { id name protocolMapper config } } }
    }
  }
}
"""

CREATE = """
mutation ($realm: String!, $input: ClientScopeInput!) {
  clientScopeCreate(realm: $realm, input: $input) {
    clientScope { id scopeId name description attributes protocolMappers { mapperId name } }
    errors { code message }
  }
}
"""

UPDATE = """
mutation ($realm: String!, $id: String!, $input: ClientScopeInput!) {
  clientScopeUpdate(realm: $realm, id: $id, input: $input) {
    clientScope { name description }
    errors { code message }
  }
}
"""

MAPPER_CREATE = """
mutation ($realm: String!, $owner: MapperOwner!, $ownerId: String!, $input: ProtocolMapperInput!) {
  protocolMapperCreate(realm: $realm, owner: $owner, ownerId: $ownerId, input: $input) {
    protocolMapper { id mapperId name protocol protocolMapper consentRequired config }
    errors { code message }
  }
}
"""

ASSIGN = """
mutation ($realm: String!, $clientId: String!, $scopeId: String!, $assignment: ScopeAssignment!) {
  clientClientScopeAssign(
    realm: $realm, clientId: $clientId, clientScopeId: $scopeId, assignment: $assignment
  ) {
    ok errors { code message }
  }
}
"""

DELETE = """
mutation ($realm: String!, $id: String!) { clientScopeDelete(realm: $realm, id: $id) { ok deletedId } }
"""

NODE = """
query ($id: ID!) {
  node(id: $id) {
    ... on ClientScope { name }
    ... on ProtocolMapper { name protocolMapper }
  }
}
"""


def test_client_scopes_through_graphql(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    listed = gql(admin, REALM_SCOPES, realm=realm)["realm"]["clientScopes"]
    assert listed["totalCount"] == 10
    names = [e["node"]["name"] for e in listed["edges"]]
    assert names == sorted(names) and "profile" in names
    made = gql(
        admin,
        CREATE,
        realm=realm,
        input={
            "name": "orders",
            "description": "Orders",
            "attributes": {"include.in.token.scope": "true"},
            "protocolMappers": [
                {"name": "tenant", "protocolMapper": "oidc-hardcoded-claim-mapper", "config": {}}
            ],
        },
    )["clientScopeCreate"]
    scope = made["clientScope"]
    assert made["errors"] == [] and scope["name"] == "orders"
    assert [m["name"] for m in scope["protocolMappers"]] == ["tenant"]
    assert kc.get_client_scope(scope["scopeId"])["description"] == "Orders"
    clash = gql(admin, CREATE, realm=realm, input={"name": "orders"})["clientScopeCreate"]
    assert clash["clientScope"] is None and clash["errors"][0]["code"] == "CONFLICT"
    renamed = gql(admin, UPDATE, realm=realm, id=scope["scopeId"], input={"description": "All orders"})
    assert renamed["clientScopeUpdate"]["clientScope"] == {"name": "orders", "description": "All orders"}
    mapper = gql(
        admin,
        MAPPER_CREATE,
        realm=realm,
        owner="CLIENT_SCOPE",
        ownerId=scope["scopeId"],
        input={
            "name": "dept",
            "protocolMapper": "oidc-usermodel-attribute-mapper",
            "config": {"claim.name": "d"},
        },
    )["protocolMapperCreate"]["protocolMapper"]
    assert mapper["protocol"] == "openid-connect" and mapper["config"] == {"claim.name": "d"}
    assert {m["name"] for m in kc.get_mappers_from_client_scope(scope["scopeId"])} == {"tenant", "dept"}
    assert gql(admin, NODE, id=scope["id"])["node"] == {"name": "orders"}
    assert gql(admin, NODE, id=mapper["id"])["node"]["protocolMapper"] == "oidc-usermodel-attribute-mapper"
    client = kc.create_client({"clientId": "gql-app"})
    assigned = gql(
        admin, ASSIGN, realm=realm, clientId=client, scopeId=scope["scopeId"], assignment="OPTIONAL"
    )
    assert assigned["clientClientScopeAssign"]["ok"] is True
    assert "orders" in {s["name"] for s in kc.get_client_optional_client_scopes(client)}
    missing = gql(admin, ASSIGN, realm=realm, clientId=client, scopeId="missing", assignment="DEFAULT")
    assert missing["clientClientScopeAssign"]["errors"][0]["code"] == "NOT_FOUND"
    client_mapper = gql(
        admin,
        MAPPER_CREATE,
        realm=realm,
        owner="CLIENT",
        ownerId=client,
        input={"name": "x", "protocolMapper": "oidc-hardcoded-claim-mapper"},
    )["protocolMapperCreate"]
    assert client_mapper["errors"] == [] and kc.get_mappers_from_client(client)[0]["name"] == "x"
    assert gql(admin, DELETE, realm=realm, id=scope["scopeId"])["clientScopeDelete"] == {
        "ok": True,
        "deletedId": scope["scopeId"],
    }
    assert gql(admin, NODE, id=scope["id"])["node"] is None


SCOPE_MAPPING = """
mutation ($realm: String!, $ownerId: String!, $names: [String!]!, $add: Boolean!) {
  added: scopeMappingAdd(realm: $realm, owner: CLIENT_SCOPE, ownerId: $ownerId, roleNames: $names)
    @include(if: $add) { ok errors { code message } }
  removed: scopeMappingRemove(realm: $realm, owner: CLIENT_SCOPE, ownerId: $ownerId, roleNames: $names)
    @skip(if: $add) { ok errors { code message } }
}
"""


def test_scope_mappings_through_graphql(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    kc.create_realm_role({"name": "reader"})
    scope = kc.create_client_scope({"name": "reports", "protocol": "openid-connect"})
    added = gql(admin, SCOPE_MAPPING, realm=realm, ownerId=scope, names=["reader"], add=True)["added"]
    assert added == {"ok": True, "errors": []}
    base = f"/admin/realms/{realm}/client-scopes/{scope}/scope-mappings/realm"
    assert [r["name"] for r in admin.get(base).json()] == ["reader"]
    missing = gql(admin, SCOPE_MAPPING, realm=realm, ownerId=scope, names=["nope"], add=True)["added"]
    assert missing["errors"][0]["code"] == "NOT_FOUND"
    removed = gql(admin, SCOPE_MAPPING, realm=realm, ownerId=scope, names=["reader"], add=False)["removed"]
    assert removed["ok"] is True and admin.get(base).json() == []
