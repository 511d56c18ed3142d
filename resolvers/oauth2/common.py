"""What every part of the engine shares: the realm it serves, its issuer, one-time secrets kept only as
hashes, the subject's realm user, and a client's OAuth2 metadata."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from core.errors import OAuthError
from core.runtime import settings
from models import Client, Realm, User, raw
from models.base import now_ms
from resolvers.clients.oauth2_metadata import GRANT_COLUMNS, document

# How long a login, consent or logout challenge, and an authorization code, may wait to be used (ms).
CHALLENGE_LIFESPAN_MS = 60 * 60 * 1000
CODE_LIFESPAN_MS = 10 * 60 * 1000


def digest(value: str) -> str:
    """The SHA-256 hex digest under which a one-time secret is stored."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def new_secret() -> tuple[str, str]:
    """A fresh one-time secret and its digest."""
    value = secrets.token_hex(16)
    return value, digest(value)


def issuer(base_url: str) -> str:
    return settings().hydra_issuer or base_url + "/"


async def engine_realm() -> Realm:
    """The realm whose clients, users and keys the flows use (``IAMGRAPH_HYDRA_REALM``)."""
    realm = await raw.one(Realm, "SELECT * FROM realm WHERE name = ?", settings().hydra_realm)
    if realm is None or not realm.enabled:
        raise OAuthError("server_error", "The realm of the OAuth2 flows does not exist")
    return realm


async def subject_user(realm_id: str, subject: str) -> User | None:
    """The realm user a subject names: by id first (the ``sub`` of Keycloak's tokens), else by username.
    Any other subject is the login app's own and has no realm user."""
    user = await raw.one(User, "SELECT * FROM iam_user WHERE realm_id = ? AND id = ?", realm_id, subject)
    if user is None:
        user = await raw.one(
            User, "SELECT * FROM iam_user WHERE realm_id = ? AND username = ?", realm_id, subject.lower()
        )
    return user


def expired(expires_at: int | None) -> bool:
    return expires_at is not None and expires_at <= now_ms()


def spaced(value: str | None) -> list[str]:
    return list(dict.fromkeys((value or "").split()))


# --- a client's OAuth2 metadata: RFC 7591 names in ``config``, else what its Keycloak switches say ---------


def grant_types(client: Client) -> list[str]:
    given = client.config.get("grant_types")
    if isinstance(given, list) and given:
        return [str(g) for g in given]
    out = ["refresh_token"]
    if client.standard_flow_enabled:
        out.insert(0, "authorization_code")
    if client.implicit_flow_enabled:
        out.append("implicit")
    if client.service_accounts_enabled and not client.public_client:
        out.append("client_credentials")
    # Grants without a Keycloak switch (jwt-bearer) are those the Hydra door stored.
    stored = document(client).get("grant_types")
    for given_grant in stored if isinstance(stored, list) else []:
        if given_grant not in GRANT_COLUMNS and given_grant not in out:
            out.append(str(given_grant))
    return out


def response_types(client: Client) -> list[str]:
    given = client.config.get("response_types")
    if isinstance(given, list) and given:
        return [" ".join(sorted(str(r).split())) for r in given]
    out = ["code"] if client.standard_flow_enabled else []
    if client.implicit_flow_enabled:
        out += ["id_token", "token", "id_token token", "code id_token", "code token", "code id_token token"]
    return [" ".join(sorted(r.split())) for r in out]


def allowed_scope(client: Client) -> list[str] | None:
    """The scopes the client may ask for (Hydra's ``scope``); ``None`` for a client without that list."""
    given = client.config.get("scope")
    return spaced(given) if isinstance(given, str) else None


def allowed_audience(client: Client) -> list[str]:
    given = client.config.get("audience")
    return [str(a) for a in given] if isinstance(given, list) else []


def auth_method(client: Client) -> str | None:
    """The one token-endpoint authentication method the client registered, ``None`` for either secret
    method (a client made through the Keycloak door)."""
    given = client.config.get("token_endpoint_auth_method")
    if isinstance(given, str) and given:
        return given
    return "none" if client.public_client else None


def client_jwks(client: Client) -> dict[str, Any] | None:
    given = client.config.get("jwks")
    return given if isinstance(given, dict) else None


def post_logout_redirect_uris(client: Client) -> list[str]:
    given = client.config.get("post_logout_redirect_uris")
    return [str(u) for u in given] if isinstance(given, list) else []
