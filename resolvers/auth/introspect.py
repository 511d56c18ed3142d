"""What a token says: RFC 7662 introspection for clients, OIDC userinfo for the token's bearer."""

from __future__ import annotations

import time
from typing import Any

from core.errors import OAuthError, Unauthenticated
from models import Token, User
from resolvers.auth.client_auth import ClientAuth, authenticate_client, token_realm
from resolvers.auth.issue import profile_claims
from resolvers.auth.verify import authenticate, realm_of_issuer, signed_claims


async def userinfo(realm_name: str, token: str) -> dict[str, Any]:
    actor = await authenticate(token)
    if actor.realm_name != realm_name:
        raise Unauthenticated("Token of another realm")
    user = await User.get_or_none(id=actor.user_id)
    if user is None or not user.enabled:
        raise Unauthenticated("User not found or disabled")
    return {"sub": user.id, **profile_claims(user)}


async def introspect(realm_name: str, auth: ClientAuth, token: str | None) -> dict[str, Any]:
    """RFC 7662: the token's claims with ``active: true``, or only ``active: false``."""
    realm = await token_realm(realm_name)
    client = await authenticate_client(realm, auth)
    if client.public_client:
        raise OAuthError("invalid_request", "Client not allowed.", unauthorized=True)
    if not token:
        return {"active": False}
    try:
        claims = await signed_claims(realm.id, token)
    except Unauthenticated:
        return {"active": False}
    if realm_of_issuer(claims.get("iss")) != realm.name or float(claims.get("exp", 0)) <= time.time():
        return {"active": False}
    record = await Token.get_or_none(id=str(claims.get("jti")))
    if record is None or record.revoked:
        return {"active": False}
    user = await User.get_or_none(id=record.user_id) if record.user_id else None
    if user is not None and not user.enabled:
        return {"active": False}
    body = dict(claims)
    body.update(
        {
            "client_id": claims.get("azp"),
            "username": claims.get("preferred_username"),
            "token_type": claims.get("typ"),
            "active": True,
        }
    )
    return body
