"""The OAuth2 flows through GraphQL: the login app's mutations, pending and handled requests, consent
sessions on users and clients, a subject's tokens, and revocation."""

from __future__ import annotations

import httpx
from keycloak import KeycloakAdmin

from tests.graphql_client import gql
from tests.hydra.flows import OAuthClient, exchange, query_of, start
from tests.support import unique

REQUESTS = """
query Requests($subject: String, $kind: OAuth2RequestKind, $pending: Boolean) {
  oauth2AuthRequests(subject: $subject, kind: $kind, pending: $pending) {
    totalCount
    edges { node { id kind subject skip requestedScope grantScope rejected client { clientId } } }
  }
}
"""

LOGIN_ACCEPT = """
mutation Accept($challenge: String!, $input: OAuth2LoginAcceptInput!) {
  oauth2LoginAccept(challenge: $challenge, input: $input) { redirectTo errors { code message } }
}
"""

CONSENT_ACCEPT = """
mutation Accept($challenge: String!, $input: OAuth2ConsentAcceptInput!) {
  oauth2ConsentAccept(challenge: $challenge, input: $input) { redirectTo errors { code message } }
}
"""

USER_CONSENTS = """
query User($id: ID!) {
  node(id: $id) { ... on User { username oauth2ConsentSessions { subject grantScope client { clientId } } } }
}
"""

TOKENS = """
query Tokens($subject: String!) {
  oauth2Tokens(subject: $subject) { totalCount edges { node { kind revoked scope client { clientId } } } }
}
"""

LOGIN_SESSIONS = """
query Sessions($subject: String!) { oauth2LoginSessions(subject: $subject) { subject remember sid } }
"""

REVOKE = """
mutation Revoke($subject: String!, $clientId: String) {
  oauth2ConsentSessionsRevoke(subject: $subject, clientId: $clientId) { ok errors { code message } }
}
"""


def test_a_flow_driven_through_graphql(
    base_url: str,
    admin: httpx.Client,
    browser: httpx.Client,
    oauth_client: OAuthClient,
    kc_admin: KeycloakAdmin,
) -> None:
    username = unique("ivy")
    kc_admin.create_user({"username": username, "enabled": True})
    response = start(browser, oauth_client, scope="openid offline_access")
    challenge = query_of(response.headers["location"])["login_challenge"]
    missing = gql(admin, LOGIN_ACCEPT, challenge="nope", input={"subject": username})["oauth2LoginAccept"]
    assert missing["errors"][0]["code"] == "NOT_FOUND"
    accepted = gql(admin, LOGIN_ACCEPT, challenge=challenge, input={"subject": username})["oauth2LoginAccept"]
    response = browser.get(accepted["redirectTo"])
    consent_challenge = query_of(response.headers["location"])["consent_challenge"]

    pending = gql(admin, REQUESTS, subject=username, kind="CONSENT", pending=True)["oauth2AuthRequests"]
    assert pending["totalCount"] == 1
    node = pending["edges"][0]["node"]
    assert node["kind"] == "CONSENT" and node["requestedScope"] == ["openid", "offline_access"]
    assert node["client"] == {"clientId": oauth_client.client_id}

    accepted = gql(
        admin,
        CONSENT_ACCEPT,
        challenge=consent_challenge,
        input={"grantScope": ["openid", "offline_access"], "idTokenClaims": {"team": "blue"}},
    )["oauth2ConsentAccept"]
    response = browser.get(accepted["redirectTo"])
    code = query_of(response.headers["location"])["code"]
    assert exchange(base_url, oauth_client, code=code).status_code == 200

    handled = gql(admin, REQUESTS, subject=username, pending=False)["oauth2AuthRequests"]
    assert {e["node"]["kind"] for e in handled["edges"]} == {"LOGIN", "CONSENT"}
    users = gql(
        admin,
        'query($u: String!) { users(realm: "master", search: $u) { edges { node { id } } } }',
        u=username,
    )
    node_id = users["users"]["edges"][0]["node"]["id"]
    consents = gql(admin, USER_CONSENTS, id=node_id)["node"]["oauth2ConsentSessions"]
    assert consents == [
        {
            "subject": username,
            "grantScope": ["openid", "offline_access"],
            "client": {"clientId": oauth_client.client_id},
        }
    ]
    tokens = gql(admin, TOKENS, subject=username)["oauth2Tokens"]
    assert sorted(e["node"]["kind"] for e in tokens["edges"]) == ["access", "refresh"]
    assert not any(e["node"]["revoked"] for e in tokens["edges"])

    sessions = gql(admin, LOGIN_SESSIONS, subject=username)["oauth2LoginSessions"]
    assert [(s["subject"], s["remember"]) for s in sessions] == [(username, False)]
    assert gql(admin, REVOKE, subject=username, clientId=oauth_client.client_id)[
        "oauth2ConsentSessionsRevoke"
    ]["ok"]
    assert gql(admin, USER_CONSENTS, id=node_id)["node"]["oauth2ConsentSessions"] == []
    assert gql(admin, TOKENS, subject=username)["oauth2Tokens"]["totalCount"] == 0
