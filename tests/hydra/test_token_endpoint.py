"""The token endpoint's client authentication methods, the implicit and hybrid response types, revocation
and the consent sessions' paging."""

from __future__ import annotations

import secrets
import time
import uuid
from typing import Any

import httpx
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet
from ory_hydra_client.api.admin_api import AdminApi

from models import Client
from tests.hydra.flows import REDIRECT, OAuthClient, exchange, log_in, pkce_pair
from tests.support import RunningServer, unique


def _register(admin: httpx.Client, **representation: Any) -> tuple[str, str]:
    client_id = unique("client")
    response = admin.post(
        "/admin/realms/master/clients",
        json={"clientId": client_id, "redirectUris": [REDIRECT], "standardFlowEnabled": True}
        | representation,
    )
    assert response.status_code == 201, response.text
    return client_id, response.headers["Location"].rsplit("/", 1)[1]


def _configure(server: RunningServer, uuid_: str, **config: Any) -> None:
    async def write() -> None:
        client = await Client.get(id=uuid_)
        await Client.filter(id=uuid_).update(config=client.config | config)

    server.run(write())


def test_a_public_client_uses_pkce_without_a_secret(
    base_url: str, admin: httpx.Client, browser: httpx.Client, hydra: AdminApi
) -> None:
    client_id, uuid_ = _register(admin, publicClient=True)
    public = OAuthClient(client_id, "", uuid_)
    verifier, challenge = pkce_pair()
    answer = log_in(
        browser, hydra, public, unique("jack"), code_challenge=challenge, code_challenge_method="S256"
    )
    response = httpx.post(
        f"{base_url}/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": answer["code"],
            "redirect_uri": REDIRECT,
            "client_id": client_id,
            "code_verifier": verifier,
        },
    )
    assert response.status_code == 200, response.text
    basic = exchange(base_url, public, code=answer["code"])
    assert basic.status_code == 401 and basic.json()["error"] == "invalid_client"


def test_private_key_jwt_against_the_clients_jwks(
    base_url: str, admin: httpx.Client, server: RunningServer
) -> None:
    key = ECKey.generate_key("P-256", parameters={"kid": "k1"})
    client_id, uuid_ = _register(admin, serviceAccountsEnabled=True, secret="unused-secret")
    _configure(
        server,
        uuid_,
        token_endpoint_auth_method="private_key_jwt",
        jwks={"keys": [key.as_dict(private=False)]},
    )

    def assertion(audience: str) -> str:
        now = int(time.time())
        claims = {
            "iss": client_id,
            "sub": client_id,
            "aud": audience,
            "exp": now + 60,
            "iat": now,
            "jti": str(uuid.uuid4()),
        }
        return jwt.encode({"alg": "ES256", "kid": "k1"}, claims, key)

    def token(value: str) -> httpx.Response:
        return httpx.post(
            f"{base_url}/oauth2/token",
            data={
                "grant_type": "client_credentials",
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion": value,
            },
        )

    ok = token(assertion(f"{base_url}/oauth2/token"))
    assert ok.status_code == 200, ok.text
    assert token(assertion("https://elsewhere.example/token")).status_code == 401
    secret = httpx.post(
        f"{base_url}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(client_id, "unused-secret"),
    )
    assert secret.status_code == 401 and "private_key_jwt" in secret.json()["error_description"]


def test_hybrid_and_implicit_response_types(
    base_url: str, browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient
) -> None:
    jwks = KeySet.import_key_set(httpx.get(f"{base_url}/.well-known/jwks.json").json())
    nonce = "nonce-" + secrets.token_hex(4)
    hybrid = log_in(browser, hydra, oauth_client, unique("kim"), response_type="code id_token", nonce=nonce)
    id_token = jwt.decode(hybrid["id_token"], jwks)
    assert id_token.claims["nonce"] == nonce and "c_hash" in id_token.claims
    assert exchange(base_url, oauth_client, code=hybrid["code"]).status_code == 200
    implicit = log_in(browser, hydra, oauth_client, unique("lee"), response_type="token", scope="openid")
    assert implicit["token_type"] == "bearer" and "code" not in implicit
    info = httpx.get(f"{base_url}/userinfo", headers={"Authorization": f"Bearer {implicit['access_token']}"})
    assert info.status_code == 200


def test_revocation_and_consent_session_paging(
    base_url: str, admin: httpx.Client, browser: httpx.Client, hydra: AdminApi, oauth_client: OAuthClient
) -> None:
    subject = unique("max")
    second_id, second_uuid = _register(admin, secret="second-secret")
    second = OAuthClient(second_id, "second-secret", second_uuid)
    tokens = exchange(
        base_url, oauth_client, code=log_in(browser, hydra, oauth_client, subject)["code"]
    ).json()
    log_in(browser, hydra, second, subject)

    paged = httpx.get(
        f"{base_url}/oauth2/auth/sessions/consent",
        params={"subject": subject, "limit": 1},
        headers={"Authorization": admin.headers["Authorization"]},
    )
    assert paged.status_code == 200 and len(paged.json()) == 1
    assert paged.headers["X-Total-Count"] == "2" and 'rel="next"' in paged.headers["Link"]

    revoked = httpx.post(
        f"{base_url}/oauth2/revoke",
        data={"token": tokens["refresh_token"]},
        auth=(oauth_client.client_id, oauth_client.secret),
    )
    assert revoked.status_code == 200
    introspected = httpx.post(
        f"{base_url}/realms/master/protocol/openid-connect/token/introspect",
        data={"token": tokens["access_token"]},
        auth=(oauth_client.client_id, oauth_client.secret),
    )
    assert introspected.json() == {"active": False}
    hydra.revoke_consent_sessions(subject, all=True)
    assert hydra.list_subject_consent_sessions(subject) == []
