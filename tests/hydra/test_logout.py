"""The logout round trip through the logout app, and userinfo from the consent's ID token claims."""

from __future__ import annotations

import httpx
from ory_hydra_client.api.admin_api import AdminApi

from tests.hydra.flows import OAuthClient, exchange, log_in, query_of, start
from tests.support import unique


def test_logout_round_trip_ends_the_login_session(
    base_url: str, browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient
) -> None:
    subject = unique("hank")
    answer = log_in(browser, hydra, oauth_client, subject, remember=True)
    tokens = exchange(base_url, oauth_client, code=answer["code"]).json()
    info = httpx.get(f"{base_url}/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert info.status_code == 200 and info.json() == {"sub": subject, "email": f"{subject}@example.org"}
    posted = httpx.post(f"{base_url}/userinfo", data={"access_token": tokens["access_token"]})
    assert posted.json() == info.json()
    assert httpx.get(f"{base_url}/userinfo").status_code == 401

    response = browser.get("/oauth2/sessions/logout", params={"id_token_hint": tokens["id_token"]})
    assert response.status_code == 302, response.text
    challenge = query_of(response.headers["location"])["logout_challenge"]
    request = hydra.get_logout_request(challenge)
    assert request.subject == subject and request.rp_initiated is True
    accepted = hydra.accept_logout_request(challenge)
    done = browser.get(accepted.redirect_to)
    assert done.status_code == 302 and done.headers["location"].endswith("/oauth2/fallbacks/logout/callback")
    response = start(browser, oauth_client)
    assert hydra.get_login_request(query_of(response.headers["location"])["login_challenge"]).skip is False
    # the verifier works once
    assert browser.get(accepted.redirect_to).status_code == 400
