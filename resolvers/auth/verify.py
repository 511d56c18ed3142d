"""Bearer authentication: one verifier for every token kind, one cache of verified signatures.

A token's kind follows from its payload: Keycloak access tokens name their issuer, lowball tokens carry
lowball's token data and no issuer. Each door says which kinds it accepts. A signature is verified once per
token and cached until the token expires; whether the token is still live (its record unrevoked) is read
on every call, so a revocation applies at once in every instance.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from core import jwt, lowball_token
from core.errors import Unauthenticated
from core.lowball_token import LowballTokenData
from core.runtime import settings
from models import Realm, raw
from resolvers.auth import keys
from resolvers.kit.actor import Actor
from resolvers.lowball.realm import lowball_realm

ACCESS = "access"
LOWBALL = "lowball"
LOWBALL_CLIENT = "lowball"


class TokenExpired(Unauthenticated):
    """The token verifies but its life is over."""


@dataclass(frozen=True)
class LowballActor(Actor):
    """The caller of a verified lowball token, with the token's data."""

    token: LowballTokenData | None = None


@dataclass(frozen=True)
class _Verified:
    kind: str
    actor: Actor
    payload: Mapping[str, Any]
    kid: str | None = None
    """The realm key that signed it: a token whose key was disabled or deleted since is refused."""


_VERIFIED = jwt.VerifiedCache()


async def authenticate(token: str, *, accept: Collection[str] = (ACCESS,), ip: str | None = None) -> Actor:
    """The actor of a Bearer token of a kind in ``accept``, or ``Unauthenticated`` (``TokenExpired`` for a
    token past its life)."""
    verified = _VERIFIED.get(token)
    if not isinstance(verified, _Verified) or verified.kind not in accept:
        verified, expires = await _verify(token, accept)
        _VERIFIED.put(token, verified, expires)
    actor = await _LIVE[verified.kind](verified)
    if actor is None:
        _VERIFIED.drop(token)
        raise Unauthenticated("Token is not active")
    if ip is not None and actor.ip_address != ip:
        actor = dataclasses.replace(actor, ip_address=ip)
    return actor


async def signed_claims(realm_id: str, token: str) -> dict[str, Any]:
    """The claims of a token signed by one of the realm's keys, with the algorithm that key is for."""
    header = jwt.unverified_header(token)
    key_set = await keys.realm_keys(realm_id)
    kid = header.get("kid")
    if not isinstance(kid, str) or kid not in key_set.public:
        raise Unauthenticated("Token signed by an unknown key")
    if header.get("alg") != key_set.algorithms[kid]:
        raise Unauthenticated("Token algorithm does not match its key")
    return jwt.verify(token, key_set.public[kid], key_set.algorithms[kid])


def realm_of_issuer(iss: Any) -> str:
    """The realm whose keys sign a token: named in a Keycloak issuer; the realm of the OAuth2 engine's
    flows for its issuer (any other URL; the signature check against that realm's keys decides)."""
    if isinstance(iss, str) and "/realms/" not in iss and iss.startswith(("http://", "https://")):
        return settings().hydra_realm
    if not isinstance(iss, str) or "/realms/" not in iss:
        raise Unauthenticated("Token has no valid issuer")
    return iss.rsplit("/realms/", 1)[1]


async def _verify(token: str, accept: Collection[str]) -> tuple[_Verified, float]:
    payload = jwt.unverified_claims(token)
    if LOWBALL in accept and "iss" not in payload:
        return await _verify_lowball(token)
    return await _verify_access(token, payload)


# --- Keycloak access tokens ---------------------------------------------------------------------------


async def _verify_access(token: str, payload: Mapping[str, Any]) -> tuple[_Verified, float]:
    realm_name = realm_of_issuer(payload.get("iss"))
    rows = await Realm.filter(name=realm_name).values_list("id", flat=True)
    if not rows:
        raise Unauthenticated("Token of an unknown realm")
    realm_id = str(rows[0])
    claims = await signed_claims(realm_id, token)
    if claims.get("typ") != "Bearer":
        raise Unauthenticated("Not an access token")
    expires = float(claims.get("exp", 0))
    if expires <= time.time():
        raise TokenExpired("Token has expired")
    kid = jwt.unverified_header(token).get("kid")
    return _Verified(ACCESS, _actor_of_access(realm_id, realm_name, claims), claims, str(kid)), expires


def _actor_of_access(realm_id: str, realm_name: str, claims: Mapping[str, Any]) -> Actor:
    realm_roles = frozenset((claims.get("realm_access") or {}).get("roles") or ())
    client_roles = {
        c: frozenset(v.get("roles") or ()) for c, v in (claims.get("resource_access") or {}).items()
    }
    return Actor(
        realm_id=realm_id,
        realm_name=realm_name,
        user_id=claims.get("sub"),
        username=claims.get("preferred_username"),
        client_id=claims.get("azp"),
        session_id=claims.get("sid"),
        token_id=claims.get("jti"),
        realm_roles=realm_roles,
        client_roles=client_roles,
    )


async def _access_live(verified: _Verified) -> Actor | None:
    token_id = verified.actor.token_id
    if (
        verified.kid is not None
        and verified.kid not in (await keys.realm_keys(verified.actor.realm_id)).public
    ):
        return None
    return verified.actor if token_id is not None and await raw.token_is_live(token_id) else None


# --- lowball tokens -----------------------------------------------------------------------------------


async def _verify_lowball(token: str) -> tuple[_Verified, float]:
    """Checked as lowball checks it: the signature (by the lowball realm's keys), the payload's shape, then
    its expiry; the record is read on every call."""
    realm = await lowball_realm()
    claims = await signed_claims(realm.id, token)
    try:
        data = lowball_token.decode(claims)
    except ValueError as exc:
        raise Unauthenticated("Not a lowball token") from exc
    expires = data.expires.timestamp()
    if expires < time.time():
        raise TokenExpired("Token has expired")
    actor = LowballActor(
        realm_id=realm.id,
        realm_name=realm.name,
        username=data.client_id,
        client_id=LOWBALL_CLIENT,
        token_id=data.token_id,
        realm_roles=frozenset(data.roles),
        token=data,
    )
    return _Verified(LOWBALL, actor, claims), expires


async def _lowball_live(verified: _Verified) -> Actor | None:
    """Live while its record is unrevoked, holds the very payload, and its client is enabled."""
    actor = verified.actor
    rows = await raw.fetch(
        "SELECT t.data, t.user_id, u.enabled FROM token t JOIN iam_user u ON u.id = t.user_id"
        " WHERE t.id = ? AND t.realm_id = ? AND t.kind = ? AND t.revoked = ?",
        actor.token_id,
        actor.realm_id,
        LOWBALL,
        False,
    )
    if not rows or not rows[0]["enabled"]:
        return None
    stored = raw.json_value(rows[0]["data"])
    if dict(stored, tid=actor.token_id) != verified.payload:
        return None
    return dataclasses.replace(actor, user_id=rows[0]["user_id"])


_LIVE: dict[str, Callable[[_Verified], Awaitable[Actor | None]]] = {
    ACCESS: _access_live,
    LOWBALL: _lowball_live,
}
