"""Login and consent sessions over time: ``max_age``, an expired challenge, a consent that covers less
than is asked, logout back to the client, and a realm user's standard claims at userinfo (the database is
aged or configured directly where the admin API has no say)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from keycloak import KeycloakAdmin
from ory_hydra_client.api.admin_api import AdminApi
from ory_hydra_client.exceptions import ApiException
from ory_hydra_client.model.accept_login_request import AcceptLoginRequest

from models import AuthRequest, Client, LoginSession
from tests.hydra.flows import OAuthClient, exchange, log_in, query_of, start
from tests.support import RunningServer, unique


def _login_request(browser: httpx.Client, hydra: AdminApi, client: OAuthClient, **params: str) -> Any:
    response = start(browser, client, **params)
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    if "login_challenge" not in location:
        return query_of(location)
    return hydra.get_login_request(query_of(location)["login_challenge"])


def test_max_age_asks_again_for_an_old_login(
    server: RunningServer, browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient
) -> None:
    subject = unique("nina")
    log_in(browser, hydra, oauth_client, subject, remember=True)
    assert _login_request(browser, hydra, oauth_client, max_age="3600").skip is True

    async def age() -> None:
        await LoginSession.filter(subject=subject).update(authenticated_at=1000)

    server.run(age())
    assert _login_request(browser, hydra, oauth_client, max_age="60").skip is False
    assert (
        _login_request(browser, hydra, oauth_client, max_age="60", prompt="none")["error"] == "login_required"
    )
    assert _login_request(browser, hydra, oauth_client).skip is True


def test_an_expired_challenge_is_refused_at_the_verifier(
    server: RunningServer, browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient
) -> None:
    subject = unique("otto")
    request = _login_request(browser, hydra, oauth_client)
    accepted = hydra.accept_login_request(
        request.challenge, accept_login_request=AcceptLoginRequest(subject=subject)
    )

    async def expire() -> None:
        await AuthRequest.filter(kind="login", subject=subject).update(expires_at=0)

    server.run(expire())
    response = browser.get(accepted.redirect_to)
    answer = query_of(response.headers["location"])
    assert answer["error"] == "access_denied" and "expired" in answer["error_hint"]


def test_a_remembered_consent_does_not_cover_a_wider_scope(
    browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient
) -> None:
    subject = unique("olga")
    log_in(browser, hydra, oauth_client, subject, remember=True, scope="openid")
    request = _login_request(browser, hydra, oauth_client, scope="openid offline_access")
    accepted = hydra.accept_login_request(
        request.challenge, accept_login_request=AcceptLoginRequest(subject=subject)
    )
    response = browser.get(accepted.redirect_to)
    consent = hydra.get_consent_request(query_of(response.headers["location"])["consent_challenge"])
    assert consent.skip is False
    with pytest.raises(ApiException) as conflict:
        hydra.accept_login_request(
            request.challenge, accept_login_request=AcceptLoginRequest(subject=subject)
        )
    assert conflict.value.status == 409


def test_logout_returns_to_the_clients_post_logout_uri_with_the_state(
    server: RunningServer, browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient, base_url: str
) -> None:
    back = "http://127.0.0.1:9/logged-out"

    async def configure() -> None:
        client = await Client.get(id=oauth_client.uuid)
        await Client.filter(id=client.id).update(config=client.config | {"post_logout_redirect_uris": [back]})

    server.run(configure())
    answer = log_in(browser, hydra, oauth_client, unique("pia"), remember=True)
    id_token = exchange(base_url, oauth_client, code=answer["code"]).json()["id_token"]
    refused = browser.get(
        "/oauth2/sessions/logout",
        params={"id_token_hint": id_token, "post_logout_redirect_uri": "http://evil/"},
    )
    assert refused.status_code == 400
    response = browser.get(
        "/oauth2/sessions/logout",
        params={"id_token_hint": id_token, "post_logout_redirect_uri": back, "state": "bye-bye-state"},
    )
    challenge = query_of(response.headers["location"])["logout_challenge"]
    hydra.reject_logout_request(challenge)
    with pytest.raises(ApiException) as gone:
        hydra.get_logout_request(challenge)
    assert gone.value.status == 404
    response = browser.get(
        "/oauth2/sessions/logout",
        params={"id_token_hint": id_token, "post_logout_redirect_uri": back, "state": "bye-bye-state"},
    )
    challenge = query_of(response.headers["location"])["logout_challenge"]
    done = browser.get(hydra.accept_logout_request(challenge).redirect_to)
    assert done.headers["location"] == back + "?state=bye-bye-state"


def test_userinfo_of_a_realm_user_has_its_standard_claims(
    base_url: str, browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient, kc_admin: KeycloakAdmin
) -> None:
    username = unique("quinn")
    user_id = kc_admin.create_user(
        {"username": username, "email": f"{username}@example.org", "enabled": True}
    )
    answer = log_in(browser, hydra, oauth_client, user_id, scope="openid profile email")
    access = exchange(base_url, oauth_client, code=answer["code"]).json()["access_token"]
    info = httpx.get(f"{base_url}/userinfo", headers={"Authorization": f"Bearer {access}"}).json()
    assert info["sub"] == user_id and info["preferred_username"] == username
    # what the consent app put in the ID token wins over the standard claim
    assert info["email"] == f"{user_id}@example.org" and info["email_verified"] is False
