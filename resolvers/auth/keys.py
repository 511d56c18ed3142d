"""Realm signing keys (made by the realm's key providers, ``resolvers/components``, or given through Hydra's
signing set), private halves sealed with the key-encryption key, kept in process for signing and
verification: disabled keys are left out, passive keys verify only."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any

from jwcrypto.jwk import JWK

from core import jwt
from core.runtime import secret_box
from models import Key
from resolvers.kit import cache

_CACHE = cache.VersionedCache("keys:")


@dataclass(frozen=True)
class RealmKeys:
    active_kid: str | None
    algorithms: dict[str, str]
    private: dict[str, JWK]
    public: dict[str, JWK]
    public_dicts: list[dict[str, object]]


async def new_private_key(algorithm: str = "RS256") -> JWK:
    """Key generation is CPU-heavy: done in a thread, and before any transaction opens."""
    return await asyncio.to_thread(jwt.generate_key, algorithm, uuid.uuid4().hex)


async def forget(realm_id: str) -> None:
    """After a change of the realm's signing keys, in the writer's transaction: every instance reloads."""
    await cache.bump("keys:" + realm_id)
    _CACHE.drop(realm_id)


async def realm_keys(realm_id: str) -> RealmKeys:
    cached = await _CACHE.get(realm_id)
    if isinstance(cached, RealmKeys):
        return cached
    rows = await Key.filter(realm_id=realm_id, set_name="", use="sig", enabled=True).order_by(
        "-priority", "-created_at"
    )
    box = secret_box()
    private = {k.kid: jwt.load_key(box.open(k.private_enc)) for k in rows if k.private_enc}
    # Passive keys still verify; the active key of highest priority signs.
    signers = (k for k in rows if k.active and k.kid in private and k.algorithm in jwt.SUPPORTED_ALGORITHMS)
    active = next((k.kid for k in signers), None)
    keys = RealmKeys(
        active_kid=active,
        algorithms={k.kid: k.algorithm for k in rows},
        private=private,
        public={k.kid: jwt.load_key(k.public_jwk) for k in rows},
        public_dicts=[dict(k.public_jwk, use=k.use, alg=k.algorithm, kid=k.kid) for k in rows],
    )
    await _CACHE.put(realm_id, keys)
    return keys


@dataclass(frozen=True)
class SigningKey:
    """The realm's active private key, ready to sign any token kind."""

    kid: str
    algorithm: str
    private: JWK

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.sign(claims, self.private, self.algorithm, self.kid)


async def active_signing_key(realm_id: str) -> SigningKey | None:
    """The key new tokens are signed with; None when the realm has no active key (each door words that)."""
    key_set = await realm_keys(realm_id)
    kid = key_set.active_kid
    if kid is None:
        return None
    return SigningKey(kid=kid, algorithm=key_set.algorithms[kid], private=key_set.private[kid])
