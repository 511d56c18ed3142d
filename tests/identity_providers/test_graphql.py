"""Identity providers, localization texts, client profiles and policies, and the realm administration
actions in GraphQL, over the same resolvers as REST: what a mutation writes, REST reads, and back."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests.graphql_client import gql, gql_response

CREATE = """
mutation ($realm: String!, $input: IdentityProviderInput!) {
  identityProviderCreate(realm: $realm, input: $input) {
    identityProvider { id internalId alias providerId enabled displayName config }
    errors { code message field }
  }
}
"""

REALM = """
query ($realm: String!, $alias: String!) {
  realm(name: $realm) {
    identityProviders { alias mappers { mapperId name mapperType identityProviderAlias config } }
    identityProvider(alias: $alias) { alias config settings }
    localizationLocales
    localizationTexts(locale: "de", defaultFallback: true)
    clientProfiles
    clientPolicies
    usersManagementPermissions
    credentialRegistrators
  }
}
"""

MAPPER_CREATE = """
mutation ($realm: String!, $alias: String!, $input: IdentityProviderMapperInput!) {
  identityProviderMapperCreate(realm: $realm, alias: $alias, input: $input) {
    mapper { mapperId name mapperType }
    errors { code message }
  }
}
"""

WRITES = """
mutation ($realm: String!) {
  a: localizationTextSet(realm: $realm, locale: "de", key: "hello", text: "Hallo") { ok errors { code } }
  b: localizationTextsImport(realm: $realm, locale: "en", texts: {bye: "Bye"}) { ok errors { code } }
  c: clientProfilesSet(realm: $realm, profiles: {profiles: [{name: "p", executors: []}]}) {
    ok errors { code }
  }
  d: clientPoliciesSet(realm: $realm, policies: {policies: [{name: "q", enabled: false, profiles: ["p"]}]}) {
    ok errors { code }
  }
  e: usersManagementPermissionsSet(realm: $realm, enabled: true) { permissions errors { code } }
  f: realmCacheClear(realm: $realm, cache: KEYS) { ok errors { code } }
}
"""


def test_identity_providers_in_graphql(admin: httpx.Client, realm: str) -> None:
    given = {
        "alias": "up",
        "providerId": "oidc",
        "displayName": "Upstream",
        "config": {"clientId": "c", "clientSecret": "s3cret"},
    }
    made = gql(admin, CREATE, realm=realm, input=given)["identityProviderCreate"]
    assert made["errors"] == []
    provider = made["identityProvider"]
    assert provider["alias"] == "up" and provider["displayName"] == "Upstream"
    assert provider["config"]["clientSecret"] == "**********"
    rest = admin.get(f"/admin/realms/{realm}/identity-provider/instances/up").json()
    assert rest["internalId"] == provider["internalId"]
    node = gql(
        admin, "query ($id: ID!) { node(id: $id) { ... on IdentityProvider { alias } } }", id=provider["id"]
    )
    assert node["node"] == {"alias": "up"}
    mapper = {
        "name": "m",
        "mapperType": "hardcoded-attribute-idp-mapper",
        "config": {"attribute": "a", "attribute.value": "v"},
    }
    created = gql(admin, MAPPER_CREATE, realm=realm, alias="up", input=mapper)["identityProviderMapperCreate"]
    assert created["errors"] == [] and created["mapper"]["name"] == "m"
    found = gql(admin, REALM, realm=realm, alias="up")["realm"]
    assert found["identityProviders"][0]["mappers"][0]["config"] == {"attribute": "a", "attribute.value": "v"}
    assert found["identityProvider"]["config"]["clientSecret"] == "**********"
    duplicate = gql(admin, CREATE, realm=realm, input=given)["identityProviderCreate"]
    assert duplicate["identityProvider"] is None and duplicate["errors"][0]["code"] == "CONFLICT"
    update = """mutation ($realm: String!) { identityProviderUpdate(realm: $realm, alias: "up",
      input: {providerId: "oidc", enabled: false, config: {clientId: "c2", clientSecret: "**********"}}) {
      identityProvider { enabled config } errors { code } } }"""
    changed = gql(admin, update, realm=realm)["identityProviderUpdate"]["identityProvider"]
    assert changed["enabled"] is False and changed["config"]["clientId"] == "c2"
    permissions = """mutation ($realm: String!) { identityProviderPermissionsSet(realm: $realm, alias: "up",
      enabled: true) { permissions errors { code } } }"""
    assert (
        gql(admin, permissions, realm=realm)["identityProviderPermissionsSet"]["permissions"]["enabled"]
        is True
    )
    delete = """mutation ($realm: String!) {
      identityProviderDelete(realm: $realm, alias: "up") { ok errors { code } } }"""
    assert gql(admin, delete, realm=realm)["identityProviderDelete"]["ok"] is True
    assert admin.get(f"/admin/realms/{realm}/identity-provider/instances/up").status_code == 404
    missing = gql(admin, delete, realm=realm)["identityProviderDelete"]
    assert missing["errors"][0]["code"] == "NOT_FOUND"


def test_realm_administration_writes_in_graphql(admin: httpx.Client, realm: str) -> None:
    assert admin.put(f"/admin/realms/{realm}", json={"defaultLocale": "en"}).status_code == 204
    done = gql(admin, WRITES, realm=realm)
    assert all(v["errors"] == [] for v in done.values())
    assert done["e"]["permissions"]["enabled"] is True
    assert admin.get(f"/admin/realms/{realm}/localization/de/hello").text == "Hallo"
    found = gql(admin, REALM, realm=realm, alias="none")["realm"]
    assert found["localizationLocales"] == ["de", "en"]
    assert found["localizationTexts"] == {"hello": "Hallo", "bye": "Bye"}
    assert found["clientProfiles"] == {"profiles": [{"name": "p", "executors": []}]}
    assert found["clientPolicies"]["policies"][0]["name"] == "q"
    assert found["identityProvider"] is None
    assert found["usersManagementPermissions"]["enabled"] is True
    assert "CONFIGURE_TOTP" in found["credentialRegistrators"]
    assert admin.get(f"/admin/realms/{realm}/users-management-permissions").json()["enabled"] is True
    refused = """mutation ($realm: String!) { clientPoliciesSet(realm: $realm,
      policies: {policies: [{name: "x", profiles: ["nope"]}]}) { ok errors { code message } } }"""
    bad = gql(admin, refused, realm=realm)
    assert bad["clientPoliciesSet"]["errors"][0]["code"] == "INVALID"
    info = gql(admin, "{ serverInfo }")["serverInfo"]
    assert "openid-connect" in info["protocolMapperTypes"]


def test_rights_in_graphql(caller_with: Callable[..., httpx.Client], admin: httpx.Client, realm: str) -> None:
    made = gql(admin, CREATE, realm=realm, input={"alias": "seen", "providerId": "github"})
    node_id = made["identityProviderCreate"]["identityProvider"]["id"]
    by_node = "query ($id: ID!) { node(id: $id) { ... on IdentityProvider { alias } } }"
    assert gql(caller_with("view-identity-providers"), by_node, id=node_id)["node"] == {"alias": "seen"}
    assert gql(caller_with("view-users"), by_node, id=node_id)["node"] is None
    viewer = caller_with("view-realm")
    answer = gql_response(viewer, WRITES, realm=realm)
    assert answer["errors"] and answer.get("data") is None
    assert viewer.get(f"/admin/realms/{realm}/localization").json() == []
