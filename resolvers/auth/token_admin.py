"""Token records as an administrator sees them (Hydra's admin API): introspection of any token of the
realm whichever door issued it, deleting a client's access tokens, flushing expired records.

Introspection reads the clients' tokens (``view-clients``); deleting and flushing them is managing the
clients (``manage-clients``)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from core import jwt
from core.errors import Unauthenticated
from models import Token, raw
from resolvers.auth.verify import signed_claims
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event


@dataclass(frozen=True)
class Introspection:
    """Hydra's introspection answer (``oAuth2TokenIntrospection``); only ``active`` when inactive."""

    active: bool
    scope: str | None = None
    client_id: str | None = None
    sub: str | None = None
    exp: int | None = None
    iat: int | None = None
    nbf: int | None = None
    aud: list[str] = field(default_factory=list)
    iss: str | None = None
    token_type: str | None = None
    token_use: str | None = None
    username: str | None = None
    ext: dict[str, Any] = field(default_factory=dict)


INACTIVE = Introspection(active=False)
# Verified claims by token until the token expires: a signature is checked once; whether the token is
# still live is read from its record on every call.
_CLAIMS = jwt.VerifiedCache()


def _audience(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


async def introspect(
    actor: Actor | None, realm_name: str, token: str | None, scope: str | None = None
) -> Introspection:
    """Active while the token verifies, has not expired, its record is unrevoked, its user enabled, and it
    was granted every scope asked about (Hydra's ``scope`` parameter)."""
    actor = rights.require(actor, realm_name, "view-clients")
    realm_id = actor.realm_id if actor.realm_name == realm_name else await lookup.realm_id(realm_name)
    if not token:
        return INACTIVE
    cached = f"{realm_id} {token}"
    claims = _CLAIMS.get(cached)
    if claims is None:
        try:
            claims = await signed_claims(realm_id, token)
        except Unauthenticated:
            return INACTIVE
    expires = claims.get("exp")
    if not isinstance(expires, int | float) or expires <= time.time():
        return INACTIVE
    _CLAIMS.put(cached, claims, float(expires))
    # One read on this hot path: the record, its user's switch and its client's client_id.
    rows = await raw.fetch(
        "SELECT t.kind, t.revoked, t.scope, t.user_id, t.issued_at, u.enabled AS user_enabled,"
        " c.client_id AS client_name FROM token t LEFT JOIN iam_user u ON u.id = t.user_id"
        " LEFT JOIN client c ON c.id = t.client_id WHERE t.id = ? AND t.realm_id = ?",
        str(claims.get("jti")),
        realm_id,
    )
    if not rows or rows[0]["revoked"]:
        return INACTIVE
    record = rows[0]
    if record["user_id"] is not None and not record["user_enabled"]:
        return INACTIVE
    granted = (record["scope"] or str(claims.get("scope") or "")).split()
    if any(s not in granted for s in (scope or "").split()):
        return INACTIVE
    issued = int(claims.get("iat") or record["issued_at"] // 1000)
    return Introspection(
        active=True,
        scope=" ".join(granted),
        client_id=record["client_name"] or claims.get("azp"),
        sub=claims.get("sub") if isinstance(claims.get("sub"), str) else record["user_id"],
        exp=int(expires),
        iat=issued,
        nbf=issued,
        aud=_audience(claims.get("aud")),
        iss=claims.get("iss") if isinstance(claims.get("iss"), str) else None,
        token_type="Bearer",
        token_use="refresh_token" if record["kind"] == "refresh" else "access_token",
        username=claims.get("preferred_username")
        if isinstance(claims.get("preferred_username"), str)
        else None,
    )


async def delete_client_tokens(actor: Actor | None, realm_name: str, client_id: str) -> int:
    """Hydra's ``DELETE /oauth2/tokens?client_id=``: the client's access tokens stop working at once (an
    unknown client has none). Returns how many went."""
    actor = rights.require(actor, realm_name, "manage-clients")
    realm = await lookup.realm_by_name(realm_name)
    client = await lookup.client_by_client_id(realm, client_id)
    if client is None:
        return 0
    async with in_transaction():
        gone = await Token.filter(realm_id=realm.id, client_id=client.id, kind="access").delete()
        await record_admin_event(realm, actor, "DELETE", "CLIENT", f"clients/{client.id}/tokens")
    return int(gone)


async def flush_tokens(actor: Actor | None, realm_name: str, not_after: float | None) -> int:
    """Hydra's ``POST /oauth2/flush``: the records of tokens expired before ``not_after`` (epoch seconds,
    now by default) go; a live token is never flushed."""
    rights.require(actor, realm_name, "manage-clients")
    realm = await lookup.realm_by_name(realm_name)
    now = time.time()
    cutoff = min(not_after if not_after is not None else now, now)
    gone = await Token.filter(realm_id=realm.id, expires_at__lt=int(cutoff * 1000)).delete()
    return int(gone)
