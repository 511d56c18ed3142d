"""What a key mapper needs: the key's set and its JWK as shown (public parts, or once the private key)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models import Key

SIGNING_SET = "hydra.openid.id-token"
"""Hydra's name of the set that signs ID tokens: here the realm's own signing keys, stored as set ``""``."""


def stored_set(name: str) -> str:
    return "" if name == SIGNING_SET else name


def shown_set(stored: str) -> str:
    return SIGNING_SET if stored == "" else stored


@dataclass(frozen=True)
class KeyView:
    set_name: str
    kid: str
    algorithm: str
    use: str
    jwk: dict[str, Any]
    created_at: int
    """Epoch milliseconds."""


def public_view(key: Key) -> KeyView:
    """A stored key's public parts (an HMAC key shows its parameters but never its secret)."""
    jwk = {k: v for k, v in dict(key.public_jwk).items() if k != "k"}
    jwk |= {"kid": key.kid, "alg": key.algorithm, "use": key.use}
    return KeyView(shown_set(key.set_name), key.kid, key.algorithm, key.use, jwk, key.created_at)
