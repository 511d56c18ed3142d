"""The steps every login test takes: start at the authorization endpoint, fill the forms, exchange the
code, verify the ID token against the realm's keys."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

import httpx
from jwcrypto import jwk, jwt

from tests.login.conftest import APP, LoginRealm
from tests.login.html_client import Arrival, Browser, Page


def browser(realm: LoginRealm) -> Browser:
    made = Browser(str(realm.admin.base_url).rstrip("/"), APP)
    realm.clients.append(made.http)
    return made


def start(
    b: Browser, realm: LoginRealm, client: str = "web", **extra: str
) -> tuple[Page | Arrival, str, str]:
    state, nonce = secrets.token_hex(8), secrets.token_hex(8)
    params = {
        "client_id": client,
        "redirect_uri": f"{APP}/{client}/callback",
        "response_type": "code",
        "scope": "openid profile",
        "state": state,
        "nonce": nonce,
    } | extra
    return b.get(f"/realms/{realm.name}/protocol/openid-connect/auth", **params), state, nonce


def password_login(b: Browser, page: Page | Arrival, username: str, password: str) -> Page | Arrival:
    assert isinstance(page, Page) and page.form.id == "kc-form-login", page
    return b.submit(page, username=username, password=password)


def exchange(realm: LoginRealm, client: str, arrival: Page | Arrival, **extra: str) -> httpx.Response:
    assert isinstance(arrival, Arrival), arrival
    return httpx.post(
        f"{realm.admin.base_url}/realms/{realm.name}/protocol/openid-connect/token",
        data={
            "grant_type": "authorization_code",
            "code": arrival.query["code"],
            "redirect_uri": f"{APP}/{client}/callback",
            "client_id": client,
            "client_secret": f"{client}-secret",
        }
        | extra,
    )


def verified_claims(realm: LoginRealm, token: str) -> dict[str, Any]:
    keys = httpx.get(f"{realm.admin.base_url}/realms/{realm.name}/protocol/openid-connect/certs").json()
    parsed = jwt.JWT(jwt=token, key=jwk.JWKSet.from_json(json.dumps(keys)), expected_type="JWS")
    claims: dict[str, Any] = json.loads(parsed.claims)
    return claims


def otp_now(secret_b32: str, digits: int = 6, period: int = 30, counter: int | None = None) -> str:
    """RFC 6238 (or RFC 4226 for a ``counter``) with SHA-1, as an authenticator app computes it."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    step = int(time.time() // period) if counter is None else counter
    mac = hmac.new(key, step.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return str((int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF) % 10**digits).zfill(digits)
