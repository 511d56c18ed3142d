"""Client writes in GraphQL over the same resolvers; the secret only through its own field."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from keycloak import KeycloakAdmin

from tests.graphql_client import gql, gql_response

CREATE = """
mutation ($realm: String!, $input: ClientInput!) {
  clientCreate(realm: $realm, input: $input) {
    client { id clientUuid clientId fullScopeAllowed directAccessGrantsEnabled adminUrl attributes settings }
    errors { message }
  }
}"""
SECRET = "query ($realm: String!, $id: String!) { clientSecret(realm: $realm, id: $id) { value expiresAt } }"
REGENERATE = """
mutation ($realm: String!, $id: String!) {
  clientRegenerateSecret(realm: $realm, id: $id) { secret { value } errors { message } }
}"""


def test_client_writes_and_the_secret(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    made = gql(
        admin,
        CREATE,
        realm=realm,
        input={
            "clientId": "gql-app",
            "attributes": {"x": "1"},
            "settings": {"adminUrl": "https://admin.example", "fullScopeAllowed": False},
        },
    )["clientCreate"]
    assert made["errors"] == []
    client = made["client"]
    assert client["clientId"] == "gql-app" and client["fullScopeAllowed"] is False
    assert client["directAccessGrantsEnabled"] is True and client["adminUrl"] == "https://admin.example"
    assert client["attributes"] == {"x": "1"} and "secret" not in client["settings"]
    uuid = client["clientUuid"]
    secret = gql(admin, SECRET, realm=realm, id=uuid)["clientSecret"]
    assert secret == {"value": kc.get_client_secrets(uuid)["value"], "expiresAt": None}
    new = gql(admin, REGENERATE, realm=realm, id=uuid)["clientRegenerateSecret"]["secret"]["value"]
    assert new == kc.get_client_secrets(uuid)["value"] != secret["value"]
    token = gql(
        admin,
        "mutation ($realm: String!, $id: String!) { clientNewRegistrationAccessToken(realm: $realm, id: $id)"
        " { registrationAccessToken client { clientId } } }",
        realm=realm,
        id=uuid,
    )["clientNewRegistrationAccessToken"]
    assert token["client"]["clientId"] == "gql-app" and len(token["registrationAccessToken"]) > 40
    node = gql(
        admin,
        'mutation ($realm: String!, $id: String!) { clientRegisterNode(realm: $realm, id: $id, node: "n1")'
        " { ok } }",
        realm=realm,
        id=uuid,
    )
    assert node["clientRegisterNode"]["ok"] is True and "n1" in kc.get_client(uuid)["registeredNodes"]
    rotated = gql(
        admin,
        "query ($realm: String!, $id: String!) { clientRotatedSecret(realm: $realm, id: $id) { value } }",
        realm=realm,
        id=uuid,
    )
    assert rotated["clientRotatedSecret"] is None


def test_the_secret_needs_view_clients(
    caller_with: Callable[..., httpx.Client], kc: KeycloakAdmin, realm: str
) -> None:
    uuid = kc.create_client({"clientId": "hidden"})
    body = gql_response(caller_with("query-clients"), SECRET, realm=realm, id=uuid)
    assert body["data"] is None and body["errors"]
    refused = gql_response(caller_with("view-clients"), REGENERATE, realm=realm, id=uuid)
    assert "manage-clients" in refused["errors"][0]["message"]


def test_certificates_and_initial_access(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    uuid = kc.create_client({"clientId": "gql-keys"})
    made = gql(
        admin,
        "mutation ($realm: String!, $id: String!) { clientGenerateCertificate(realm: $realm, id: $id,"
        ' attr: "jwt.credential") { certificate { certificate kid privateKey } errors { message } } }',
        realm=realm,
        id=uuid,
    )["clientGenerateCertificate"]["certificate"]
    assert made["privateKey"] and made["certificate"]
    read = gql(
        admin,
        "query ($realm: String!, $id: String!) { clientCertificate(realm: $realm, id: $id,"
        ' attr: "jwt.credential") { certificate kid privateKey } }',
        realm=realm,
        id=uuid,
    )["clientCertificate"]
    assert read == {"certificate": made["certificate"], "kid": made["kid"], "privateKey": None}
    access = gql(
        admin,
        "mutation ($realm: String!) { clientInitialAccessCreate(realm: $realm, count: 3)"
        " { initialAccess { initialAccessId token count remainingCount } errors { message } } }",
        realm=realm,
    )["clientInitialAccessCreate"]["initialAccess"]
    assert access["count"] == 3 and access["remainingCount"] == 3 and access["token"]
    listed = gql(
        admin,
        "query ($realm: String!) { clientInitialAccesses(realm: $realm) { initialAccessId token } }",
        realm=realm,
    )["clientInitialAccesses"]
    assert listed == [{"initialAccessId": access["initialAccessId"], "token": None}]
    bad = gql(
        admin,
        "mutation ($realm: String!) { clientInitialAccessCreate(realm: $realm, count: -1)"
        " { initialAccess { initialAccessId } errors { message } } }",
        realm=realm,
    )["clientInitialAccessCreate"]
    assert bad["initialAccess"] is None and bad["errors"][0]["message"] == "Invalid value for count"
