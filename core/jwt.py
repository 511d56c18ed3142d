"""JSON Web Keys and compact JWS tokens (jwcrypto)."""

from __future__ import annotations

import json
import time
from typing import Any

from jwcrypto import jwk, jws
from jwcrypto.common import JWException, base64url_decode, json_encode

from core.errors import Unauthenticated

SUPPORTED_ALGORITHMS = {
    "RS256": ("RSA", 2048),
    "RS384": ("RSA", 2048),
    "RS512": ("RSA", 2048),
    "ES256": ("EC", "P-256"),
    "ES384": ("EC", "P-384"),
    "ES512": ("EC", "P-521"),
}


def generate_key(algorithm: str, kid: str) -> jwk.JWK:
    """A new private key for ``algorithm``; CPU-heavy for RSA, so callers run it in a thread."""
    kty, size = SUPPORTED_ALGORITHMS[algorithm]
    if kty == "RSA":
        return jwk.JWK.generate(kty="RSA", size=size, kid=kid, use="sig", alg=algorithm)
    return jwk.JWK.generate(kty="EC", crv=size, kid=kid, use="sig", alg=algorithm)


# Hydra's key generators: the algorithm's key type and size (HMAC keys in bytes).
GENERATED_KEYS: dict[str, tuple[str, str | int]] = {
    "RS256": ("RSA", 2048),
    "RS512": ("RSA", 2048),
    "ES256": ("EC", "P-256"),
    "ES512": ("EC", "P-521"),
    "EdDSA": ("OKP", "Ed25519"),
    "HS256": ("oct", 16),
    "HS512": ("oct", 32),
}


def generate_jwk(algorithm: str, kid: str, use: str) -> jwk.JWK:
    """A new key for one of ``GENERATED_KEYS``; CPU-heavy for RSA, so callers run it in a thread."""
    kty, size = GENERATED_KEYS[algorithm]
    params: dict[str, Any] = {"kid": kid, "use": use, "alg": algorithm}
    if kty == "RSA":
        return jwk.JWK.generate(kty="RSA", size=size, **params)
    if kty == "oct":
        return jwk.JWK.generate(kty="oct", size=int(size) * 8, **params)
    return jwk.JWK.generate(kty=kty, crv=size, **params)


def public_dict(key: jwk.JWK) -> dict[str, Any]:
    return dict(key.export_public(as_dict=True))


def private_json(key: jwk.JWK) -> str:
    return str(key.export(private_key=True))


def load_key(data: str | dict[str, Any]) -> jwk.JWK:
    return jwk.JWK(**(json.loads(data) if isinstance(data, str) else data))


def sign(claims: dict[str, Any], key: jwk.JWK, algorithm: str, kid: str, typ: str = "JWT") -> str:
    token = jws.JWS(json_encode(claims))
    token.add_signature(key, alg=algorithm, protected=json_encode({"alg": algorithm, "typ": typ, "kid": kid}))
    return str(token.serialize(compact=True))


def unverified_header(token: str) -> dict[str, Any]:
    """The protected header, read before verification only to pick the key."""
    try:
        header = json.loads(base64url_decode(token.split(".", 1)[0]))
    except (ValueError, IndexError) as exc:
        raise Unauthenticated("Malformed token") from exc
    if not isinstance(header, dict):
        raise Unauthenticated("Malformed token")
    return header


def unverified_claims(token: str) -> dict[str, Any]:
    try:
        claims = json.loads(base64url_decode(token.split(".")[1]))
    except (ValueError, IndexError) as exc:
        raise Unauthenticated("Malformed token") from exc
    if not isinstance(claims, dict):
        raise Unauthenticated("Malformed token")
    return claims


def verify(token: str, key: jwk.JWK, algorithm: str) -> dict[str, Any]:
    """Verify the signature and return the claims; expiry is the caller's rule."""
    try:
        obj = jws.JWS()
        obj.deserialize(token)
        obj.verify(key, alg=algorithm)
        claims = json.loads(obj.payload)
    except (JWException, ValueError) as exc:
        raise Unauthenticated("Invalid token signature") from exc
    if not isinstance(claims, dict):
        raise Unauthenticated("Malformed token")
    return claims


class VerifiedCache:
    """Results of signature checks, by token string, kept until ``expires_at`` (epoch seconds): a token is
    verified once, not on every request. Bounded: when full it starts afresh."""

    def __init__(self, max_size: int = 50_000) -> None:
        self._max_size = max_size
        self._entries: dict[str, tuple[Any, float]] = {}

    def get(self, token: str) -> Any | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        if entry[1] <= time.time():
            self._entries.pop(token, None)
            return None
        return entry[0]

    def put(self, token: str, value: Any, expires_at: float) -> None:
        if len(self._entries) >= self._max_size:
            self._entries.clear()
        self._entries[token] = (value, expires_at)

    def drop(self, token: str) -> None:
        self._entries.pop(token, None)
