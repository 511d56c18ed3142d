"""RFC 7009 revocation and OIDC userinfo over the engine's token records."""

from __future__ import annotations

import time
from typing import Any

from core.errors import OAuthError, Unauthenticated
from models import AuthRequest, Client, Token, User
from resolvers.auth import claims as pipeline
from resolvers.auth.verify import signed_claims
from resolvers.oauth2.client_auth import Credentials, authenticate
from resolvers.oauth2.common import engine_realm


async def revoke(credentials: Credentials, token: str | None, base_url: str) -> None:
    """Revoke a token the calling client holds; a refresh token takes the access tokens of its grant
    with it, as fosite revokes a whole request. An unknown token is no error (RFC 7009 2.2)."""
    realm = await engine_realm()
    client = await authenticate(realm, credentials, base_url + "/oauth2/revoke")
    if not token:
        raise OAuthError("invalid_request", "The request is missing the 'token' parameter.")
    try:
        claims = await signed_claims(realm.id, token)
    except Unauthenticated:
        return
    record = await Token.get_or_none(id=str(claims.get("jti")), realm_id=realm.id)
    if record is None or record.client_id != client.id:
        return
    await Token.filter(id=record.id).update(revoked=True)
    if record.kind == "refresh" and record.session_id:
        await Token.filter(session_id=record.session_id, kind="access").update(revoked=True)


async def userinfo(token: str) -> dict[str, Any]:
    """The access token's subject and the ID token claims its consent granted."""
    realm = await engine_realm()
    claims = await signed_claims(realm.id, token)
    if claims.get("typ") != "Bearer" or float(claims.get("exp") or 0) <= time.time():
        raise Unauthenticated("The access token is not active")
    record = await Token.get_or_none(id=str(claims.get("jti")), realm_id=realm.id)
    if record is None or record.revoked:
        raise Unauthenticated("The access token is not active")
    extra = await _standard_claims(record)
    if record.session_id:
        consent = await AuthRequest.get_or_none(grant_session_id=record.session_id, kind="consent")
        if consent is not None:
            extra |= dict((consent.outcome.get("session") or {}).get("id_token") or {})
    return extra | {"sub": claims.get("sub")}


async def _standard_claims(record: Token) -> dict[str, Any]:
    """A realm user's standard claims, as the client's scopes map them for Keycloak's userinfo."""
    user = await User.get_or_none(id=record.user_id) if record.user_id else None
    client = await Client.get_or_none(id=record.client_id) if record.client_id else None
    if user is None or client is None:
        return {}
    granted = await pipeline.granted_scopes(client, record.scope, strict=False)
    context = await pipeline.claim_context(client, user, granted, pipeline.session_notes(client, user, None))
    return pipeline.mapped_claims(granted, context, "userinfo")
