"""The engine's token endpoint grants: ``authorization_code`` (with PKCE; a code works once and its reuse
revokes what it bought), ``refresh_token`` (rotated; a rotated token presented again revokes the whole
grant), ``client_credentials`` and RFC 7523's ``jwt-bearer`` (``jwt_bearer.py``)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from tortoise.transactions import in_transaction

from core.errors import OAuthError, Unauthenticated
from models import AuthRequest, Client, Realm, Token
from resolvers.auth.verify import signed_claims
from resolvers.oauth2 import tokens
from resolvers.oauth2.authorize import grant_of
from resolvers.oauth2.client_auth import Credentials, authenticate
from resolvers.oauth2.common import (
    allowed_audience,
    allowed_scope,
    digest,
    engine_realm,
    expired,
    grant_types,
    issuer,
    spaced,
)
from resolvers.oauth2.jwt_bearer import JWT_BEARER_GRANT, exchange_assertion

_BAD_GRANT = (
    "The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh"
    " token is invalid, expired, revoked, does not match the redirection URI used in the authorization"
    " request, or was issued to another client."
)


def _invalid_grant(hint: str) -> OAuthError:
    return OAuthError("invalid_grant", f"{_BAD_GRANT} {hint}")


async def token(credentials: Credentials, form: dict[str, str], base_url: str) -> tokens.Minted:
    realm = await engine_realm()
    grant = form.get("grant_type")
    if not grant:
        raise OAuthError("invalid_request", "The request is missing the 'grant_type' parameter.")
    if grant not in ("authorization_code", "refresh_token", "client_credentials", JWT_BEARER_GRANT):
        raise OAuthError("unsupported_grant_type", f"The grant type '{grant}' is not supported.")
    token_url = base_url + "/oauth2/token"
    client = await authenticate(realm, credentials, token_url)
    if grant not in grant_types(client):
        raise OAuthError("unauthorized_client", f"The client is not allowed to use grant type '{grant}'.")
    iss = issuer(base_url)
    if grant == "authorization_code":
        return await exchange_code(realm, client, form, iss)
    if grant == "refresh_token":
        return await rotate_refresh(realm, client, form.get("refresh_token"), form.get("scope"), iss)
    if grant == JWT_BEARER_GRANT:
        return await exchange_assertion(realm, client, form, token_url, iss)
    return await client_credentials(realm, client, form, iss)


def pkce_matches(challenge: str, method: str, verifier: str) -> bool:
    if method == "S256":
        hashed = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        expected = base64.urlsafe_b64encode(hashed).rstrip(b"=").decode("ascii")
        return hmac.compare_digest(expected, challenge)
    return hmac.compare_digest(verifier, challenge)


async def exchange_code(
    realm: Realm, client: Client, form: dict[str, str], iss: str, *, always_refresh: bool = False
) -> tokens.Minted:
    """The ``authorization_code`` grant of an authenticated client (any door: the realm and the issuer
    are the caller's). Hydra issues a refresh token for ``offline_access`` only; Keycloak's door always
    does (``always_refresh``)."""
    code = form.get("code")
    if not code:
        raise OAuthError("invalid_request", "The request is missing the 'code' parameter.")
    consent = await AuthRequest.get_or_none(code_hash=digest(code), realm_id=realm.id)
    if consent is None:
        raise _invalid_grant("The authorization code is invalid.")
    taken = await AuthRequest.filter(id=consent.id, code_used=False).update(code_used=True)
    if not taken:
        # A code presented twice was stolen or replayed: what it bought is revoked (RFC 6749 4.1.2).
        if consent.grant_session_id:
            await Token.filter(session_id=consent.grant_session_id).update(revoked=True)
        raise _invalid_grant("The authorization code has already been used.")
    if consent.client_id != client.id:
        raise _invalid_grant(
            "The OAuth 2.0 Client ID from this request does not match the one from the authorize request."
        )
    if expired(consent.code_expires_at):
        raise _invalid_grant("The authorization code has expired.")
    asked = consent.params.get("redirect_uri")
    if asked and form.get("redirect_uri") != asked:
        raise _invalid_grant(
            "The 'redirect_uri' from this request does not match the one from the authorize request."
        )
    challenge = consent.params.get("code_challenge")
    if challenge:
        verifier = form.get("code_verifier") or ""
        if not 43 <= len(verifier) <= 128:
            raise _invalid_grant("The PKCE code verifier must be at least 43 characters and at most 128.")
        if not pkce_matches(challenge, consent.params.get("code_challenge_method") or "plain", verifier):
            raise _invalid_grant("The PKCE code challenge did not match the code verifier.")
    outcome = consent.outcome
    scope = [str(s) for s in outcome.get("grant_scope") or []]
    grant = grant_of(
        realm,
        client,
        consent,
        scope,
        [str(a) for a in outcome.get("grant_access_token_audience") or []],
        outcome.get("session") or {},
        consent.grant_session_id,
    )
    async with in_transaction():
        refresh = always_refresh or tokens.wants_refresh(grant)
        return await tokens.mint(grant, iss, refresh=refresh, id_token="openid" in scope)


async def rotate_refresh(
    realm: Realm, client: Client, refresh_token: str | None, scope: str | None, iss: str
) -> tokens.Minted:
    if not refresh_token:
        raise OAuthError("invalid_request", "The request is missing the 'refresh_token' parameter.")
    try:
        claims = await signed_claims(realm.id, refresh_token)
    except Unauthenticated as exc:
        raise _invalid_grant("The refresh token is malformed or not valid.") from exc
    if claims.get("typ") != "Refresh" or claims.get("azp") != client.client_id:
        raise _invalid_grant("The refresh token was not issued to this client.")
    if float(claims.get("exp") or 0) <= time.time():
        raise _invalid_grant("The refresh token has expired.")
    record = await Token.get_or_none(id=str(claims.get("jti")), kind="refresh")
    if record is None or record.session_id is None:
        raise _invalid_grant("The refresh token has been revoked.")
    rotated = await Token.filter(id=record.id, revoked=False).update(
        revoked=True, data=record.data | {"rotated": True}
    )
    if not rotated:
        if record.data.get("rotated"):
            # A rotated refresh token came back: the chain leaked, and all of it is revoked.
            await Token.filter(session_id=record.session_id).update(revoked=True)
        raise _invalid_grant("The refresh token has been revoked or was already used.")
    consent = await AuthRequest.get_or_none(grant_session_id=record.session_id, kind="consent")
    if consent is None:
        raise _invalid_grant("The consent behind the refresh token was revoked.")
    granted = spaced(record.scope)
    wanted = spaced(scope) or granted
    if not set(wanted) <= set(granted):
        raise OAuthError("invalid_scope", "The requested scope exceeds the scope granted before.")
    outcome = consent.outcome
    grant = grant_of(
        realm,
        client,
        consent,
        wanted,
        [str(a) for a in outcome.get("grant_access_token_audience") or []],
        outcome.get("session") or {},
        record.session_id,
    )
    async with in_transaction():
        await Token.filter(session_id=record.session_id, kind="access", revoked=False).update(revoked=True)
        return await tokens.mint(grant, iss, refresh=True, id_token="openid" in wanted)


async def client_credentials(realm: Realm, client: Client, form: dict[str, str], iss: str) -> tokens.Minted:
    if client.public_client:
        raise OAuthError(
            "invalid_client", "The client is public and cannot use client credentials.", unauthorized=True
        )
    scope = spaced(form.get("scope"))
    allowed = allowed_scope(client)
    for name in scope:
        if allowed is not None and name not in allowed:
            raise OAuthError(
                "invalid_scope", f"The OAuth 2.0 Client is not allowed to request scope '{name}'."
            )
    audience = spaced(form.get("audience"))
    for name in audience:
        if name not in allowed_audience(client):
            raise OAuthError(
                "invalid_request",
                f"Requested audience '{name}' has not been whitelisted by the OAuth 2.0 Client.",
            )
    grant = tokens.Grant(realm, client, client.client_id, None, None, scope, audience)
    async with in_transaction():
        return await tokens.mint(grant, iss)
