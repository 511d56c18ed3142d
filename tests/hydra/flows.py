"""A browser and a login-and-consent app for the engine's flows: httpx without redirect following (its
cookie jar is the browser's), the admin accepts through the ory-hydra-client 1.x SDK."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from ory_hydra_client import ApiClient, Configuration
from ory_hydra_client.api.admin_api import AdminApi
from ory_hydra_client.model.accept_consent_request import AcceptConsentRequest
from ory_hydra_client.model.accept_login_request import AcceptLoginRequest
from ory_hydra_client.model.consent_request_session import ConsentRequestSession

from tests.support import unique

REDIRECT = "http://127.0.0.1:9/callback"


def query_of(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    return {k: v[0] for k, v in parse_qs(parts.query or parts.fragment).items()}


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


@dataclass
class OAuthClient:
    client_id: str
    secret: str
    uuid: str


def admin_api(base_url: str, token: str) -> Iterator[AdminApi]:
    api_client = ApiClient(Configuration(host=base_url))
    api_client.set_default_header("Authorization", f"Bearer {token}")
    with api_client:
        yield AdminApi(api_client)


@pytest.fixture
def oauth_client(admin: httpx.Client) -> Iterator[OAuthClient]:
    client_id = unique("app")
    secret = secrets.token_urlsafe(24)
    response = admin.post(
        "/admin/realms/master/clients",
        json={
            "clientId": client_id,
            "secret": secret,
            "redirectUris": [REDIRECT],
            "standardFlowEnabled": True,
            "implicitFlowEnabled": True,
            "serviceAccountsEnabled": True,
        },
    )
    assert response.status_code == 201, response.text
    uuid = response.headers["Location"].rsplit("/", 1)[1]
    yield OAuthClient(client_id, secret, uuid)
    admin.delete(f"/admin/realms/master/clients/{uuid}")


@pytest.fixture
def browser(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, follow_redirects=False, timeout=30) as client:
        yield client


def start(browser: httpx.Client, client: OAuthClient, **params: str) -> httpx.Response:
    query = {
        "client_id": client.client_id,
        "response_type": "code",
        "redirect_uri": REDIRECT,
        "scope": "openid offline_access",
        "state": "state-" + secrets.token_hex(4),
    } | params
    return browser.get("/oauth2/auth", params=query)


def follow(browser: httpx.Client, redirect_to: str) -> httpx.Response:
    """The browser going back to the engine with a verifier."""
    return browser.get(redirect_to)


def log_in(
    browser: httpx.Client,
    hydra: AdminApi,
    client: OAuthClient,
    subject: str,
    remember: bool = False,
    **params: str,
) -> dict[str, str]:
    """auth → login → consent; the answer at the redirect URI, as query values."""
    response = start(browser, client, **params)
    assert response.status_code == 302, response.text
    login_challenge = query_of(response.headers["location"])["login_challenge"]
    accepted = hydra.accept_login_request(
        login_challenge, accept_login_request=AcceptLoginRequest(subject=subject, remember=remember)
    )
    response = follow(browser, accepted.redirect_to)
    assert response.status_code == 302, response.text
    consent_challenge = query_of(response.headers["location"])["consent_challenge"]
    consent = hydra.get_consent_request(consent_challenge)
    accepted = hydra.accept_consent_request(
        consent_challenge,
        accept_consent_request=AcceptConsentRequest(
            grant_scope=consent.requested_scope,
            remember=remember,
            session=ConsentRequestSession(id_token={"email": f"{subject}@example.org"}),
        ),
    )
    response = follow(browser, accepted.redirect_to)
    assert response.status_code == 302, response.text
    assert response.headers["location"].startswith(REDIRECT)
    return query_of(response.headers["location"])


def exchange(base_url: str, client: OAuthClient, **form: str) -> httpx.Response:
    return httpx.post(
        f"{base_url}/oauth2/token",
        data={"grant_type": "authorization_code", "redirect_uri": REDIRECT} | form,
        auth=(client.client_id, client.secret),
        timeout=30,
    )
