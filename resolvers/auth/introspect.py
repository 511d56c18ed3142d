"""What a token says: RFC 7662 introspection for clients, OIDC userinfo for the token's bearer. Both run
the claims pipeline again over the token's client and granted scope, as Keycloak 24 does."""

from __future__ import annotations

import time
from typing import Any

from core.errors import OAuthError, Unauthenticated
from models import Client, Token, User
from resolvers.auth import claims as pipeline
from resolvers.auth.client_auth import ClientAuth, authenticate_client, token_realm
from resolvers.auth.mapper_types import Target
from resolvers.auth.verify import authenticate, realm_of_issuer, signed_claims

# The claims of the token itself (not written by mappers) that introspection repeats.
_TOKEN_CLAIMS = (
    "exp",
    "iat",
    "auth_time",
    "jti",
    "iss",
    "sub",
    "typ",
    "azp",
    "sid",
    "session_state",
    "nonce",
)


async def _mapped(record: Token, user: User, target: Target) -> dict[str, Any]:
    """The mappers' claims of the token's client and granted scope, for one target."""
    client = await Client.get_or_none(id=record.client_id) if record.client_id else None
    if client is None:
        return {}
    granted = await pipeline.granted_scopes(client, record.scope, strict=False)
    notes = pipeline.session_notes(client, user, None)
    return pipeline.mapped_claims(granted, await pipeline.claim_context(client, user, granted, notes), target)


async def userinfo(realm_name: str, token: str) -> dict[str, Any]:
    actor = await authenticate(token)
    if actor.realm_name != realm_name:
        raise Unauthenticated("Token of another realm")
    user = await User.get_or_none(id=actor.user_id)
    if user is None or not user.enabled:
        raise Unauthenticated("User not found or disabled")
    record = await Token.get_or_none(id=actor.token_id) if actor.token_id else None
    mapped = await _mapped(record, user, "userinfo") if record else {}
    return {"sub": user.id, **mapped}


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
    if claims.get("typ") == "Bearer" and user is not None:
        body = {k: claims[k] for k in _TOKEN_CLAIMS if k in claims}
        body |= await _mapped(record, user, "introspection")
        body |= {k: claims[k] for k in ("scope", "client_id") if k in claims}
    else:
        body = dict(claims)
    body.update(
        {
            "client_id": claims.get("azp"),
            "username": body.get("preferred_username"),
            "token_type": claims.get("typ"),
            "active": True,
        }
    )
    return body
