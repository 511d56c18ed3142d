"""Ending a session by its refresh token (the OIDC logout endpoint)."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core.errors import OAuthError, Unauthenticated
from models import Session, Token
from resolvers.auth.client_auth import ClientAuth, authenticate_client, token_realm
from resolvers.auth.verify import signed_claims
from resolvers.events.records import record_login_event


async def logout(realm_name: str, auth: ClientAuth, refresh_token: str | None, ip: str | None) -> None:
    """End the session of a refresh token: the session and every token issued in it are revoked."""
    realm = await token_realm(realm_name)
    client = await authenticate_client(realm, auth)
    if not refresh_token:
        raise OAuthError("invalid_request", "No refresh token")
    try:
        claims = await signed_claims(realm.id, refresh_token)
    except Unauthenticated as exc:
        raise OAuthError("invalid_grant", "Invalid refresh token") from exc
    if claims.get("typ") not in ("Refresh", "Offline") or claims.get("azp") != client.client_id:
        raise OAuthError("invalid_grant", "Invalid refresh token")
    session_id = claims.get("sid")
    async with in_transaction():
        await Token.filter(session_id=session_id).update(revoked=True)
        deleted = await Session.filter(id=session_id, realm_id=realm.id).delete()
        if deleted:
            await record_login_event(
                realm,
                "LOGOUT",
                client_id=client.client_id,
                user_id=claims.get("sub"),
                session_id=session_id,
                ip_address=ip,
            )
    if not deleted:
        raise OAuthError("invalid_grant", "Session not active")
