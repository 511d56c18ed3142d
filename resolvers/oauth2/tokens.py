"""The engine's tokens: access, refresh and ID tokens signed with the realm's active key, each access and
refresh token with its ``models.Token`` record, so that introspection and revocation through any door
read the same rows. Access tokens are JWTs of Hydra's JWT strategy (``scp``, ``ext``) that also carry
what the Keycloak door's verifier reads (``typ``, ``azp``, ``scope``)."""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from core.errors import OAuthError
from models import Client, Realm, Token
from resolvers.auth import keys
from resolvers.auth.issue import at_hash
from resolvers.oauth2.common import grant_types

ACCESS_LIFESPAN = 3600
ID_LIFESPAN = 3600
REFRESH_LIFESPAN = 720 * 3600
REFRESH_SCOPES = ("offline_access", "offline")

# Claims of the ID token a consent's ``session.id_token`` may not replace.
_RESERVED = frozenset(
    {"iss", "sub", "aud", "exp", "iat", "nbf", "jti", "auth_time", "nonce", "at_hash", "c_hash", "sid", "rat"}
)


@dataclass(frozen=True)
class Grant:
    """What tokens are issued for: the subject, the client, the granted scope and audience, and the claims
    the consent app added."""

    realm: Realm
    client: Client
    subject: str
    user_id: str | None
    session_id: str | None
    scope: list[str]
    audience: list[str]
    access_ext: dict[str, Any] = field(default_factory=dict)
    id_extra: dict[str, Any] = field(default_factory=dict)
    auth_time: int | None = None
    requested_at: int | None = None
    nonce: str | None = None
    acr: str = ""
    amr: list[str] = field(default_factory=list)
    sid: str | None = None


@dataclass(frozen=True)
class Minted:
    """A token response, in OAuth2's field names."""

    access_token: str | None
    expires_in: int
    refresh_token: str | None
    id_token: str | None
    scope: str

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if self.access_token:
            body |= {"access_token": self.access_token, "expires_in": self.expires_in}
        if self.id_token:
            body["id_token"] = self.id_token
        if self.refresh_token:
            body["refresh_token"] = self.refresh_token
        body["scope"] = self.scope
        if self.access_token:
            body["token_type"] = "bearer"
        return body


def half_hash(value: str, algorithm: str) -> str:
    """OIDC's ``c_hash``: as ``at_hash``, over the code."""
    bits = algorithm[-3:] if algorithm[-3:] in ("256", "384", "512") else "256"
    digest = hashlib.new(f"sha{bits}", value.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode("ascii")


def wants_refresh(grant: Grant) -> bool:
    return any(s in grant.scope for s in REFRESH_SCOPES) and "refresh_token" in grant_types(grant.client)


async def mint(
    grant: Grant,
    iss: str,
    *,
    access: bool = True,
    refresh: bool = False,
    id_token: bool = False,
    code: str | None = None,
) -> Minted:
    """Sign the tokens of one grant and store the records; call inside the grant's transaction."""
    signing = await keys.active_signing_key(grant.realm.id)
    if signing is None:
        raise OAuthError("server_error", "The realm has no active signing key")
    now = int(time.time())
    rows: list[Token] = []
    access_token = None
    if access:
        claims = {
            "aud": grant.audience,
            "client_id": grant.client.client_id,
            "exp": now + ACCESS_LIFESPAN,
            "ext": grant.access_ext,
            "iat": now,
            "iss": iss,
            "jti": str(uuid.uuid4()),
            "nbf": now,
            "scp": grant.scope,
            "sub": grant.subject,
            "typ": "Bearer",
            "azp": grant.client.client_id,
            "scope": " ".join(grant.scope),
        }
        access_token = signing.sign(claims)
        rows.append(_record(grant, claims, "access"))
    refresh_token = None
    if refresh:
        claims = {
            "exp": now + REFRESH_LIFESPAN,
            "iat": now,
            "iss": iss,
            "jti": str(uuid.uuid4()),
            "sub": grant.subject,
            "typ": "Refresh",
            "azp": grant.client.client_id,
            "scope": " ".join(grant.scope),
        }
        refresh_token = signing.sign(claims)
        rows.append(_record(grant, claims, "refresh"))
    signed_id = None
    if id_token:
        extra = {k: v for k, v in grant.id_extra.items() if k not in _RESERVED}
        claims = extra | {
            "aud": [grant.client.client_id],
            "auth_time": grant.auth_time or now,
            "exp": now + ID_LIFESPAN,
            "iat": now,
            "iss": iss,
            "jti": str(uuid.uuid4()),
            "rat": grant.requested_at or now,
            "sub": grant.subject,
        }
        if grant.sid:
            claims["sid"] = grant.sid
        if grant.nonce:
            claims["nonce"] = grant.nonce
        if grant.acr:
            claims["acr"] = grant.acr
        if grant.amr:
            claims["amr"] = grant.amr
        if access_token:
            claims["at_hash"] = at_hash(access_token, signing.algorithm)
        if code:
            claims["c_hash"] = half_hash(code, signing.algorithm)
        signed_id = signing.sign(claims)
    if rows:
        await Token.bulk_create(rows)
    return Minted(access_token, ACCESS_LIFESPAN, refresh_token, signed_id, " ".join(grant.scope))


def _record(grant: Grant, claims: dict[str, Any], kind: str) -> Token:
    return Token(
        id=claims["jti"],
        realm_id=grant.realm.id,
        kind=kind,
        session_id=grant.session_id,
        user_id=grant.user_id,
        client_id=grant.client.id,
        issued_at=int(claims["iat"]) * 1000,
        expires_at=int(claims["exp"]) * 1000,
        scope=" ".join(grant.scope),
        data={"subject": grant.subject, "audience": grant.audience},
    )
