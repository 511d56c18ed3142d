"""The login and consent apps' admin API: remembered login with ``skip``, rejections, handled and unknown
challenges, rights, and a consent shared with Keycloak's door."""

from __future__ import annotations

import httpx
import pytest
from keycloak import KeycloakAdmin
from ory_hydra_client.api.admin_api import AdminApi
from ory_hydra_client.exceptions import ApiException, ForbiddenException, NotFoundException
from ory_hydra_client.model.accept_login_request import AcceptLoginRequest
from ory_hydra_client.model.reject_request import RejectRequest

from tests.hydra.flows import REDIRECT, OAuthClient, admin_api, exchange, log_in, query_of, start
from tests.support import admin_client_id, unique


def _login_challenge(browser: httpx.Client, client: OAuthClient, **params: str) -> str:
    response = start(browser, client, **params)
    assert response.status_code == 302, response.text
    return query_of(response.headers["location"])["login_challenge"]


def test_a_remembered_login_is_skipped_next_time(
    browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient
) -> None:
    subject = unique("erin")
    log_in(browser, hydra, oauth_client, subject, remember=True)
    challenge = _login_challenge(browser, oauth_client)
    request = hydra.get_login_request(challenge)
    assert request.skip is True and request.subject == subject
    with pytest.raises(ApiException) as refused:
        hydra.accept_login_request(challenge, accept_login_request=AcceptLoginRequest(subject="someone-else"))
    assert refused.value.status == 400
    # prompt=login asks again, whatever the session
    fresh = hydra.get_login_request(_login_challenge(browser, oauth_client, prompt="login"))
    assert fresh.skip is False and fresh.subject == ""
    # after the login sessions are revoked the browser must log in again
    hydra.revoke_authentication_session(subject)
    assert hydra.get_login_request(_login_challenge(browser, oauth_client)).skip is False


def test_a_remembered_consent_is_skipped_and_shown_to_keycloak(
    browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient, kc_admin: KeycloakAdmin
) -> None:
    username = unique("frank")
    user_id = kc_admin.create_user({"username": username, "enabled": True})
    log_in(browser, hydra, oauth_client, username, remember=True)
    consents = kc_admin.user_consents(user_id)
    assert [c["clientId"] for c in consents] == [oauth_client.client_id]
    assert set(consents[0]["grantedClientScopes"]) == {"openid", "offline_access"}
    challenge = _login_challenge(browser, oauth_client)
    redirect = hydra.accept_login_request(
        challenge, accept_login_request=AcceptLoginRequest(subject=username)
    )
    response = browser.get(redirect.redirect_to)
    consent = hydra.get_consent_request(query_of(response.headers["location"])["consent_challenge"])
    assert consent.skip is True and consent.subject == username
    kc_admin.revoke_consent(user_id, oauth_client.client_id)
    assert hydra.list_subject_consent_sessions(username) == []


def test_rejected_login_and_consent_go_back_to_the_client_with_the_error(
    browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient
) -> None:
    challenge = _login_challenge(browser, oauth_client, state="state-rejected")
    rejected = hydra.reject_login_request(
        challenge, reject_request=RejectRequest(error="access_denied", error_description="No such user")
    )
    response = browser.get(rejected.redirect_to)
    assert response.status_code == 302 and response.headers["location"].startswith(REDIRECT)
    answer = query_of(response.headers["location"])
    assert answer == {
        "error": "access_denied",
        "error_description": "No such user",
        "state": "state-rejected",
    }
    # the handled challenge: 410 with where it went
    with pytest.raises(ApiException) as gone:
        hydra.get_login_request(challenge)
    assert gone.value.status == 410 and "redirect_to" in gone.value.body
    with pytest.raises(ApiException) as again:
        hydra.reject_login_request(challenge, reject_request=RejectRequest(error="access_denied"))
    assert again.value.status == 409

    challenge = _login_challenge(browser, oauth_client)
    accepted = hydra.accept_login_request(
        challenge, accept_login_request=AcceptLoginRequest(subject=unique("gina"))
    )
    response = browser.get(accepted.redirect_to)
    consent_challenge = query_of(response.headers["location"])["consent_challenge"]
    rejected = hydra.reject_consent_request(consent_challenge, reject_request=RejectRequest())
    response = browser.get(rejected.redirect_to)
    assert query_of(response.headers["location"])["error"] == "consent request denied"
    # a verifier works once
    again_response = browser.get(rejected.redirect_to)
    assert query_of(again_response.headers["location"])["error"] == "access_denied"


def test_unknown_challenges_and_missing_rights(
    base_url: str, browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient, kc_admin: KeycloakAdmin
) -> None:
    with pytest.raises(NotFoundException):
        hydra.get_login_request("no-such-challenge")
    anonymous = httpx.get(f"{base_url}/oauth2/auth/requests/login", params={"login_challenge": "x"})
    assert anonymous.status_code == 401 and anonymous.json()["error"] == "request_unauthorized"
    username = unique("viewer")
    user_id = kc_admin.create_user(
        {
            "username": username,
            "enabled": True,
            "credentials": [{"type": "password", "value": "pw-12345", "temporary": False}],
        }
    )
    management = kc_admin.get_client_id(admin_client_id("master"))
    assert management is not None
    kc_admin.assign_client_role(user_id, management, [kc_admin.get_client_role(management, "view-users")])
    token = httpx.post(
        f"{base_url}/realms/master/protocol/openid-connect/token",
        data={
            "grant_type": "password",
            "client_id": "admin-cli",
            "username": username,
            "password": "pw-12345",
        },
    ).json()["access_token"]
    challenge = _login_challenge(browser, oauth_client)
    for viewer in admin_api(base_url, token):
        assert viewer.get_login_request(challenge).challenge == challenge
        with pytest.raises(ForbiddenException):
            viewer.accept_login_request(challenge, accept_login_request=AcceptLoginRequest(subject="x"))


def test_an_invalid_redirect_uri_is_not_followed_and_a_short_state_is_refused(
    browser: httpx.Client, oauth_client: OAuthClient, base_url: str
) -> None:
    response = start(browser, oauth_client, redirect_uri="http://evil.example/cb")
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    response = start(browser, oauth_client, state="short")
    assert response.status_code == 302
    assert query_of(response.headers["location"])["error"] == "invalid_state"
    response = start(browser, oauth_client, prompt="none")
    assert query_of(response.headers["location"])["error"] == "login_required"
    assert exchange(base_url, oauth_client, code="ory_ac_nothing").json()["error"] == "invalid_grant"


def test_client_credentials(base_url: str, oauth_client: OAuthClient) -> None:
    response = httpx.post(
        f"{base_url}/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": oauth_client.client_id,
            "client_secret": oauth_client.secret,
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer" and "refresh_token" not in body
    wrong = httpx.post(
        f"{base_url}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(oauth_client.client_id, "nope"),
    )
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
