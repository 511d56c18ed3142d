"""The same operations through GraphQL."""

from __future__ import annotations

import httpx

from tests.graphql_client import gql
from tests.users.helpers import PASSWORD, login, make_user, set_realm, username_of

CREDENTIALS = """query($realm: String!, $id: String!) {
  userCredentials(realm: $realm, userId: $id) { credentialId type priority credentialData }
  userSessions(realm: $realm, userId: $id) { sessionId username clients }
  bruteForceStatus(realm: $realm, userId: $id) { numFailures disabled }
}"""
RESET = """mutation($realm: String!, $id: String!, $password: String!) {
  userPasswordReset(realm: $realm, userId: $id, password: $password) { ok errors { code message field } }
}"""
LOGOUT = """mutation($realm: String!, $id: String!) {
  userLogout(realm: $realm, userId: $id) { ok errors { code message } }
}"""
LABEL = """mutation($realm: String!, $id: String!, $cred: String!) {
  userCredentialLabel(realm: $realm, userId: $id, credentialId: $cred, label: "main") {
    credential { userLabel } errors { code message } }
}"""


def test_graphql_credentials_sessions_and_writes(admin: httpx.Client, realm: str, base_url: str) -> None:
    user_id = make_user(admin, realm)
    name = username_of(admin, realm, user_id)
    assert login(base_url, realm, name, PASSWORD).status_code == 200
    data = gql(admin, CREDENTIALS, realm=realm, id=user_id)
    assert [c["type"] for c in data["userCredentials"]] == ["password"]
    assert data["userSessions"][0]["username"] == name
    assert data["bruteForceStatus"] == {"numFailures": 0, "disabled": False}

    set_realm(admin, realm, passwordPolicy="length(12)")
    short = gql(admin, RESET, realm=realm, id=user_id, password="short")["userPasswordReset"]
    assert short["ok"] is False
    assert short["errors"][0]["code"] == "INVALID"
    assert short["errors"][0]["message"] == "Invalid password: minimum length 12."
    done = gql(admin, RESET, realm=realm, id=user_id, password="a-long-password")["userPasswordReset"]
    assert done == {"ok": True, "errors": []}
    assert login(base_url, realm, name, "a-long-password").status_code == 200

    cred = data["userCredentials"][0]["credentialId"]
    label = gql(admin, LABEL, realm=realm, id=user_id, cred="nope")["userCredentialLabel"]
    assert label["errors"][0]["code"] == "NOT_FOUND"
    new_cred = gql(admin, CREDENTIALS, realm=realm, id=user_id)["userCredentials"][0]["credentialId"]
    assert new_cred != cred
    label = gql(admin, LABEL, realm=realm, id=user_id, cred=new_cred)["userCredentialLabel"]
    assert label["credential"] == {"userLabel": "main"}

    assert gql(admin, LOGOUT, realm=realm, id=user_id)["userLogout"] == {"ok": True, "errors": []}
    assert gql(admin, CREDENTIALS, realm=realm, id=user_id)["userSessions"] == []
    missing = gql(admin, LOGOUT, realm=realm, id="nope")["userLogout"]
    assert missing["errors"][0]["code"] == "NOT_FOUND"
