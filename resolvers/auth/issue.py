"""Issuing OAuth2 tokens as Keycloak does: access, refresh and ID tokens signed with the realm's active key,
each with its record (``models.Token``) so that revoking a session or a user revokes them at once. What the
tokens say comes from the claims pipeline (``resolvers.auth.claims``)."""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from dataclasses import dataclass
from typing import Any

from core.errors import OAuthError
from models import Client, Realm, Session, Token, User
from resolvers.auth import claims as pipeline
from resolvers.auth import keys
from resolvers.realms.defaults import setting


@dataclass(frozen=True)
class Issued:
    """A token response, in OAuth2's field names."""

    access_token: str
    expires_in: int
    refresh_token: str | None
    refresh_expires_in: int
    id_token: str | None
    scope: str
    session_state: str | None

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "access_token": self.access_token,
            "expires_in": self.expires_in,
            "refresh_expires_in": self.refresh_expires_in,
        }
        if self.refresh_token:
            body["refresh_token"] = self.refresh_token
        body["token_type"] = "Bearer"
        if self.id_token:
            body["id_token"] = self.id_token
        body["not-before-policy"] = 0
        if self.session_state:
            body["session_state"] = self.session_state
        body["scope"] = self.scope
        return body


def issuer(base_url: str, realm_name: str) -> str:
    return f"{base_url}/realms/{realm_name}"


def granted_scope(requested: str | None) -> str:
    """The ``scope`` parameter as asked for; ``issue`` grants from it the client's default scopes and the
    optional ones it names."""
    return " ".join(dict.fromkeys((requested or "").split()))


def at_hash(access_token: str, algorithm: str) -> str:
    """OIDC's ``at_hash``: the left half of the access token's hash, with the signature's hash function."""
    bits = algorithm[-3:] if algorithm[-3:] in ("256", "384", "512") else "256"
    digest = hashlib.new(f"sha{bits}", access_token.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class TokenSet:
    """The claims of one grant's tokens, before signing."""

    access: dict[str, Any]
    id_token: dict[str, Any] | None
    refresh: dict[str, Any]
    scope: str


async def token_claims(
    realm: Realm,
    client: Client,
    user: User,
    session: Session | None,
    requested: str | None,
    iss: str,
    *,
    strict: bool = True,
    ip: str | None = None,
) -> TokenSet:
    """The claims of the access, ID and refresh tokens a grant issues (``session`` ``None`` for an example,
    as ``evaluate-scopes`` shows one)."""
    granted = await pipeline.granted_scopes(client, requested, strict=strict)
    ctx = await pipeline.claim_context(client, user, granted, pipeline.session_notes(client, user, ip))
    now = int(time.time())
    lifespan = int(setting(realm.config, "accessTokenLifespan"))
    refresh_lifespan = int(setting(realm.config, "ssoSessionIdleTimeout"))
    sid = session.id if session else str(uuid.uuid4())

    def base(typ: str, life: int, **extra: Any) -> dict[str, Any]:
        claims: dict[str, Any] = {
            "exp": now + life,
            "iat": now,
            **extra,
            "jti": str(uuid.uuid4()),
            "iss": iss,
        }
        return claims | {
            "sub": user.id,
            "typ": typ,
            "azp": client.client_id,
            "sid": sid,
            "session_state": sid,
        }

    access = _reorder(base("Bearer", lifespan) | pipeline.mapped_claims(granted, ctx, "access"))
    access["scope"] = granted.scope
    if user.service_account_client_id:
        access["client_id"] = client.client_id
    id_claims = None
    if "openid" in granted.scope.split():
        auth_time = (session.started // 1000) if session else now
        id_mapped = pipeline.mapped_claims(granted, ctx, "id")
        extra = id_mapped.pop("aud", [])
        audience = list(dict.fromkeys([client.client_id, *(extra if isinstance(extra, list) else [extra])]))
        id_claims = _reorder(
            base("ID", lifespan, auth_time=auth_time)
            | {"aud": audience[0] if len(audience) == 1 else audience}
            | id_mapped
        )
    refresh = base("Refresh", refresh_lifespan) | {"aud": iss, "scope": granted.scope}
    return TokenSet(access, id_claims, _reorder(refresh), granted.scope)


_ORDER = ("exp", "iat", "auth_time", "jti", "iss", "aud", "sub", "typ", "azp", "sid", "session_state")


def _reorder(claims: dict[str, Any]) -> dict[str, Any]:
    """Keycloak's order of the session claims, the rest after them."""
    head = {k: claims[k] for k in _ORDER if k in claims}
    return head | {k: v for k, v in claims.items() if k not in head}


async def issue(
    realm: Realm, client: Client, user: User, session: Session, scope: str, base_url: str, with_refresh: bool
) -> Issued:
    """Sign the tokens of one grant and store their records; call inside the grant's transaction."""
    signing = await keys.active_signing_key(realm.id)
    if signing is None:
        raise OAuthError("server_error", "The realm has no active signing key")
    tokens = await token_claims(
        realm, client, user, session, scope, issuer(base_url, realm.name), ip=session.ip_address
    )
    access_token = signing.sign(tokens.access)
    rows = [_record(realm, client, user, session, tokens.access, "access", tokens.scope)]
    refresh_token = None
    if with_refresh:
        refresh_token = signing.sign(tokens.refresh)
        rows.append(_record(realm, client, user, session, tokens.refresh, "refresh", tokens.scope))
    id_token = None
    if tokens.id_token is not None:
        id_claims = _insert_after(tokens.id_token, "sid", "at_hash", at_hash(access_token, signing.algorithm))
        id_token = signing.sign(id_claims)
    await Token.bulk_create(rows)
    return Issued(
        access_token=access_token,
        expires_in=int(tokens.access["exp"] - tokens.access["iat"]),
        refresh_token=refresh_token,
        refresh_expires_in=int(tokens.refresh["exp"] - tokens.refresh["iat"]) if with_refresh else 0,
        id_token=id_token,
        scope=tokens.scope,
        session_state=session.id,
    )


def _insert_after(claims: dict[str, Any], after: str, key: str, value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in claims.items():
        out[k] = v
        if k == after:
            out[key] = value
    return out


def _record(
    realm: Realm, client: Client, user: User, session: Session, claims: dict[str, Any], kind: str, scope: str
) -> Token:
    return Token(
        id=claims["jti"],
        realm_id=realm.id,
        kind=kind,
        session_id=session.id,
        user_id=user.id,
        client_id=client.id,
        issued_at=int(claims["iat"]) * 1000,
        expires_at=int(claims["exp"]) * 1000,
        scope=scope,
    )
