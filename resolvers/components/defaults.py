"""The key providers a new realm gets, as Keycloak 24 makes them: an RSA (or the realm's own algorithm's)
signing key, an RSA-OAEP encryption key, an HS512 key and an AES key, all of priority 100."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from models import Component, Realm
from resolvers.auth import keys as realm_keys
from resolvers.components import material, providers
from resolvers.components.material import Material

_CURVES = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}


@dataclass(frozen=True)
class DefaultKey:
    name: str
    provider_id: str
    config: dict[str, list[str]]
    made: Material


def _signing(algorithm: str, realm_name: str) -> DefaultKey:
    if algorithm in _CURVES:
        config = {"priority": ["100"], "ecdsaEllipticCurveKey": [_CURVES[algorithm]]}
        return DefaultKey(
            "ecdsa-generated",
            "ecdsa-generated",
            config,
            material.generate_ec(_CURVES[algorithm], algorithm, realm_name),
        )
    alg = algorithm if algorithm in providers.RSA_SIG else "RS256"
    config = {"priority": ["100"]} | ({"algorithm": [alg]} if alg != "RS256" else {})
    return DefaultKey(
        "rsa-generated", "rsa-generated", config, material.generate_rsa(2048, alg, "sig", realm_name)
    )


def _others(realm_name: str) -> list[DefaultKey]:
    return [
        DefaultKey(
            "rsa-enc-generated",
            "rsa-enc-generated",
            {"priority": ["100"], "algorithm": ["RSA-OAEP"]},
            material.generate_rsa(2048, "RSA-OAEP", "enc", realm_name),
        ),
        DefaultKey(
            "hmac-generated-hs512",
            "hmac-generated",
            {"priority": ["100"], "algorithm": ["HS512"]},
            material.generate_secret(64, "HS512", "sig"),
        ),
        DefaultKey(
            "aes-generated",
            "aes-generated",
            {"priority": ["100"]},
            material.generate_secret(16, "AES", "enc"),
        ),
    ]


async def default_keys(algorithm: str, realm_name: str) -> list[DefaultKey]:
    """CPU-heavy (two RSA keys): made in threads, before the creating transaction opens."""
    signing, others = await asyncio.gather(
        asyncio.to_thread(_signing, algorithm, realm_name), asyncio.to_thread(_others, realm_name)
    )
    return [signing, *others]


async def store_default_providers(realm: Realm, made: list[DefaultKey]) -> None:
    """Inside the creating transaction."""
    for default in made:
        component = await Component.create(
            realm_id=realm.id,
            name=default.name,
            provider_id=default.provider_id,
            provider_type=providers.KEY_PROVIDER,
            parent_id=realm.id,
            config=default.config,
        )
        await providers.key_row(component, default.made).save(force_create=True)
    await realm_keys.forget(realm.id)
