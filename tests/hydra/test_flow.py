"""The authorization-code flow with PKCE end to end: a browser (httpx), the login and consent app (the
admin API through ory-hydra-client), the token exchange, and the tokens checked with joserfc."""

from __future__ import annotations

import httpx
from joserfc import jwt
from joserfc.jwk import KeySet
from ory_hydra_client.api.admin_api import AdminApi

from tests.hydra.flows import OAuthClient, exchange, log_in, pkce_pair
from tests.support import unique


def _introspect(base_url: str, client: OAuthClient, token: str) -> dict[str, object]:
    response = httpx.post(
        f"{base_url}/realms/master/protocol/openid-connect/token/introspect",
        data={"token": token},
        auth=(client.client_id, client.secret),
    )
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_code_flow_with_pkce_issues_tokens_that_verify_and_introspect(
    base_url: str, browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient
) -> None:
    verifier, challenge = pkce_pair()
    subject = unique("alice")
    answer = log_in(
        browser,
        hydra,
        oauth_client,
        subject,
        code_challenge=challenge,
        code_challenge_method="S256",
        nonce="nonce-123456",
    )
    assert answer["code"].startswith("ory_ac_") and answer["scope"] == "openid offline_access"
    response = exchange(base_url, oauth_client, code=answer["code"], code_verifier=verifier)
    assert response.status_code == 200, response.text
    tokens = response.json()
    assert tokens["token_type"] == "bearer" and {"access_token", "refresh_token", "id_token"} <= set(tokens)

    jwks = KeySet.import_key_set(httpx.get(f"{base_url}/.well-known/jwks.json").json())
    id_token = jwt.decode(tokens["id_token"], jwks)
    issuer = httpx.get(f"{base_url}/.well-known/openid-configuration").json()["issuer"]
    assert id_token.claims["iss"] == issuer and id_token.claims["sub"] == subject
    assert id_token.claims["aud"] == [oauth_client.client_id]
    assert id_token.claims["nonce"] == "nonce-123456"
    assert id_token.claims["email"] == f"{subject}@example.org"
    access = jwt.decode(tokens["access_token"], jwks)
    assert access.claims["sub"] == subject and access.claims["scp"] == ["openid", "offline_access"]

    introspected = _introspect(base_url, oauth_client, tokens["access_token"])
    assert introspected["active"] is True and introspected["sub"] == subject

    sessions = hydra.list_subject_consent_sessions(subject)
    assert [s.consent_request.client.client_id for s in sessions] == [oauth_client.client_id]
    hydra.revoke_consent_sessions(subject, client=oauth_client.client_id)
    assert _introspect(base_url, oauth_client, tokens["access_token"]) == {"active": False}
    refreshed = httpx.post(
        f"{base_url}/oauth2/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        auth=(oauth_client.client_id, oauth_client.secret),
    )
    assert refreshed.status_code == 400 and refreshed.json()["error"] == "invalid_grant"


def test_a_wrong_pkce_verifier_is_refused(
    base_url: str, browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient
) -> None:
    _, challenge = pkce_pair()
    answer = log_in(
        browser, hydra, oauth_client, unique("bob"), code_challenge=challenge, code_challenge_method="S256"
    )
    other, _ = pkce_pair()
    response = exchange(base_url, oauth_client, code=answer["code"], code_verifier=other)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_a_reused_code_is_refused_and_revokes_what_it_bought(
    base_url: str, browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient
) -> None:
    answer = log_in(browser, hydra, oauth_client, unique("carol"))
    first = exchange(base_url, oauth_client, code=answer["code"])
    assert first.status_code == 200, first.text
    second = exchange(base_url, oauth_client, code=answer["code"])
    assert second.status_code == 400 and second.json()["error"] == "invalid_grant"
    assert "already been used" in second.json()["error_description"]
    assert _introspect(base_url, oauth_client, first.json()["access_token"]) == {"active": False}


def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_grant(
    base_url: str, browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient
) -> None:
    answer = log_in(browser, hydra, oauth_client, unique("dave"))
    tokens = exchange(base_url, oauth_client, code=answer["code"]).json()

    def refresh(token: str) -> httpx.Response:
        return httpx.post(
            f"{base_url}/oauth2/token",
            data={"grant_type": "refresh_token", "refresh_token": token},
            auth=(oauth_client.client_id, oauth_client.secret),
        )

    rotated = refresh(tokens["refresh_token"])
    assert rotated.status_code == 200, rotated.text
    new = rotated.json()
    assert new["refresh_token"] != tokens["refresh_token"]
    assert _introspect(base_url, oauth_client, tokens["access_token"]) == {"active": False}
    assert _introspect(base_url, oauth_client, new["access_token"])["active"] is True
    reused = refresh(tokens["refresh_token"])
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    assert _introspect(base_url, oauth_client, new["access_token"]) == {"active": False}
    assert refresh(new["refresh_token"]).status_code == 400


def test_ending_the_users_sessions_in_keycloaks_door_revokes_the_flows_tokens(
    base_url: str, admin: httpx.Client, browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient
) -> None:
    username = unique("rosa")
    created = admin.post("/admin/realms/master/users", json={"username": username, "enabled": True})
    user_id = created.headers["Location"].rsplit("/", 1)[1]
    answer = log_in(browser, hydra, oauth_client, username)
    tokens = exchange(base_url, oauth_client, code=answer["code"]).json()
    sessions = admin.get(f"/admin/realms/master/users/{user_id}/sessions").json()
    assert [s["clients"] for s in sessions] == [{oauth_client.uuid: oauth_client.client_id}]
    assert admin.post(f"/admin/realms/master/users/{user_id}/logout").status_code == 204
    assert _introspect(base_url, oauth_client, tokens["access_token"]) == {"active": False}
