"""The Hydra door's objects through GraphQL: OAuth2 metadata on Client, key sets on Realm, their mutations."""

from __future__ import annotations

import httpx
from ory_hydra_client.api.admin_api import AdminApi

from tests.graphql_client import gql
from tests.support import unique

_CREATE = """mutation($realm: String!, $metadata: JSON!) {
  oauth2ClientCreate(realm: $realm, metadata: $metadata) {
    clientSecret
    client { clientId name oauth2 { grantTypes tokenEndpointAuthMethod scope owner audience } }
    errors { code message }
  }
}"""

_KEYS = """query($realm: String!, $set: String!) {
  realm(name: $realm) { keys(set: $set) { kid alg kty jwk } keySets { name keys { kid } } }
}"""


def test_oauth2_clients_through_graphql(admin: httpx.Client, hydra: AdminApi) -> None:
    client_id = unique("gql")
    metadata = {
        "client_id": client_id,
        "grant_types": ["client_credentials"],
        "owner": "o",
        "audience": ["a"],
    }
    made = gql(admin, _CREATE, realm="master", metadata=metadata)["oauth2ClientCreate"]
    assert made["errors"] == [] and len(made["clientSecret"]) >= 26
    assert made["client"]["oauth2"] == {
        "grantTypes": ["client_credentials"],
        "tokenEndpointAuthMethod": "client_secret_basic",
        "scope": "offline_access offline openid",
        "owner": "o",
        "audience": ["a"],
    }
    assert hydra.get_o_auth2_client(client_id).owner == "o"
    bad = gql(admin, _CREATE, realm="master", metadata={"redirect_uris": ["x#y"]})["oauth2ClientCreate"]
    assert bad["client"] is None and bad["errors"][0]["code"] == "INVALID"
    patched = gql(
        admin,
        """mutation($id: String!, $patch: JSON!) {
          oauth2ClientPatch(realm: "master", clientId: $id, patch: $patch) { client { name } errors { code } }
        }""",
        id=client_id,
        patch=[{"op": "replace", "path": "/client_name", "value": "Patched"}],
    )["oauth2ClientPatch"]
    assert patched["client"]["name"] == "Patched"
    deleted = gql(
        admin,
        'mutation($id: String!) { oauth2ClientDelete(realm: "master", clientId: $id) { ok } }',
        id=client_id,
    )
    assert deleted["oauth2ClientDelete"]["ok"] is True


def test_key_sets_through_graphql(admin: httpx.Client) -> None:
    set_name = unique("gset")
    made = gql(
        admin,
        """mutation($set: String!) {
          keyGenerate(realm: "master", set: $set, alg: "ES256", kid: "g1") {
            key { kid alg } privateJwk errors { code }
          }
        }""",
        set=set_name,
    )["keyGenerate"]
    assert made["key"] == {"kid": "g1", "alg": "ES256"} and "d" in made["privateJwk"]
    seen = gql(admin, _KEYS, realm="master", set=set_name)["realm"]
    assert [k["kid"] for k in seen["keys"]] == ["g1"] and "d" not in seen["keys"][0]["jwk"]
    names = {s["name"] for s in seen["keySets"]}
    assert {"hydra.openid.id-token", set_name} <= names
    gql(admin, 'mutation($set: String!) { keyDelete(realm: "master", set: $set) { ok } }', set=set_name)
    assert gql(admin, _KEYS, realm="master", set=set_name)["realm"]["keys"] == []
