"""The refresh token grant: a live session's refresh token buys a new set of tokens."""

from __future__ import annotations

import time

from tortoise.transactions import in_transaction

from core.errors import OAuthError, Unauthenticated
from models import Session, Token, User
from models.base import now_ms
from resolvers.auth.client_auth import ClientAuth, authenticate_client, token_realm
from resolvers.auth.issue import Issued, granted_scope, issue
from resolvers.auth.verify import realm_of_issuer, signed_claims
from resolvers.events.records import record_login_event
from resolvers.realms.defaults import setting


async def refresh_grant(
    realm_name: str,
    auth: ClientAuth,
    refresh_token: str | None,
    scope: str | None,
    base_url: str,
    ip: str | None,
) -> Issued:
    realm = await token_realm(realm_name)
    client = await authenticate_client(realm, auth)
    if not refresh_token:
        raise OAuthError("invalid_request", "Missing parameter: refresh_token")
    try:
        claims = await signed_claims(realm.id, refresh_token)
    except Unauthenticated as exc:
        raise OAuthError("invalid_grant", "Invalid refresh token") from exc
    if claims.get("typ") != "Refresh" or realm_of_issuer(claims.get("iss")) != realm.name:
        raise OAuthError("invalid_grant", "Invalid refresh token")
    if claims.get("azp") != client.client_id:
        raise OAuthError(
            "invalid_grant", "Invalid refresh token. Token client and authorized client don't match"
        )
    if int(claims.get("exp", 0)) <= time.time():
        raise OAuthError("invalid_grant", "Token is not active")
    record = await Token.get_or_none(id=str(claims.get("jti")))
    if record is None or record.revoked or record.session_id is None:
        raise OAuthError("invalid_grant", "Session not active")
    session = await Session.get_or_none(id=record.session_id)
    user = await User.get_or_none(id=record.user_id) if record.user_id else None
    if session is None or user is None:
        raise OAuthError("invalid_grant", "Session not active")
    if not user.enabled:
        raise OAuthError("invalid_grant", "User disabled")
    async with in_transaction():
        if setting(realm.config, "revokeRefreshToken"):
            await Token.filter(id=record.id).update(revoked=True)
        session.last_access = now_ms()
        await session.save(update_fields=["last_access"])
        issued = await issue(
            realm, client, user, session, granted_scope(scope or record.scope), base_url, with_refresh=True
        )
        await record_login_event(
            realm,
            "REFRESH_TOKEN",
            client_id=client.client_id,
            user_id=user.id,
            session_id=session.id,
            ip_address=ip,
        )
    return issued
