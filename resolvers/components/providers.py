"""Keycloak's key providers (``org.keycloak.keys.KeyProvider`` components): what each one's config means,
and the keys it makes. A key lives in ``models.Key``, linked to its provider; the provider's config keeps
the settings (priority, active, enabled, algorithm, sizes), never the key material itself."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core import jwt
from core.errors import InvalidInput
from core.runtime import secret_box
from models import Component, Key
from resolvers.components import material
from resolvers.components.material import Material

KEY_PROVIDER = "org.keycloak.keys.KeyProvider"
OTHER_SET = "keycloak.realm-keys"
"""The set of a realm's keys that do not sign its tokens (HMAC, AES, RSA encryption); the signing keys
are set ``""``, Hydra's ``hydra.openid.id-token``."""

Config = Mapping[str, list[str]]


@dataclass(frozen=True)
class Spec:
    """A key provider: its algorithms (the first is the default), the key use, and the config entries
    whose change makes a new key."""

    algorithms: tuple[str, ...]
    use: str
    material_keys: tuple[str, ...]


RSA_SIG = ("RS256", "RS384", "RS512")
RSA_ENC = ("RSA-OAEP", "RSA-OAEP-256", "RSA1_5")
SPECS: dict[str, Spec] = {
    "rsa-generated": Spec(RSA_SIG, "sig", ("keySize",)),
    "rsa-enc-generated": Spec(RSA_ENC, "enc", ("keySize",)),
    "rsa": Spec(RSA_SIG, "sig", ("privateKey", "certificate")),
    "rsa-enc": Spec(RSA_ENC, "enc", ("privateKey", "certificate")),
    "ecdsa-generated": Spec(("ES256", "ES384", "ES512"), "sig", ("ecdsaEllipticCurveKey",)),
    "hmac-generated": Spec(("HS512", "HS256", "HS384"), "sig", ("secretSize",)),
    "aes-generated": Spec(("AES",), "enc", ("secretSize",)),
}
_CURVE_ALGORITHMS = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}
_KEY_SIZES = ("1024", "2048", "3072", "4096")
SECRET_INPUTS = ("privateKey", "certificate")
"""Given key material: kept in the key row (the private key sealed), not in the config."""


def first(config: Config, key: str, default: str | None = None) -> str | None:
    values = config.get(key)
    return values[0] if values else default


def flag(config: Config, key: str) -> bool:
    return (first(config, key) or "true").lower() != "false"


def priority(config: Config) -> int:
    value = first(config, "priority", "0") or "0"
    try:
        return int(value)
    except ValueError as exc:
        raise InvalidInput("'Priority' should be a number", field="priority") from exc


def algorithm(provider_id: str, config: Config) -> str:
    spec = SPECS[provider_id]
    if provider_id == "ecdsa-generated":
        curve = first(config, "ecdsaEllipticCurveKey", "P-256") or "P-256"
        if curve not in _CURVE_ALGORITHMS:
            raise InvalidInput(
                "'Elliptic Curve' should be P-256, P-384 or P-521", field="ecdsaEllipticCurveKey"
            )
        return _CURVE_ALGORITHMS[curve]
    chosen = first(config, "algorithm") or spec.algorithms[0]
    if chosen not in spec.algorithms:
        raise InvalidInput(f"'Algorithm' should be one of {', '.join(spec.algorithms)}", field="algorithm")
    return chosen


def checked(provider_id: str, config: Config) -> None:
    """Keycloak's validation of a key provider's config."""
    if provider_id not in SPECS:
        raise InvalidInput(f"Key provider {provider_id} is not supported", field="providerId")
    priority(config)
    for name in ("active", "enabled"):
        if (first(config, name) or "true").lower() not in ("true", "false"):
            raise InvalidInput(f"'{name}' should be 'true' or 'false'", field=name)
    algorithm(provider_id, config)
    if provider_id.startswith("rsa") and provider_id.endswith("generated"):
        if (first(config, "keySize", "2048") or "2048") not in _KEY_SIZES:
            raise InvalidInput(f"'Key size' should be one of {', '.join(_KEY_SIZES)}", field="keySize")
    if provider_id == "ecdsa-generated":
        if first(config, "ecdsaEllipticCurveKey", "P-256") not in _CURVE_ALGORITHMS:
            raise InvalidInput(
                "'Elliptic Curve' should be P-256, P-384 or P-521", field="ecdsaEllipticCurveKey"
            )
    if provider_id in ("hmac-generated", "aes-generated"):
        sizes = (
            ("16", "24", "32")
            if provider_id == "aes-generated"
            else ("16", "24", "32", "64", "128", "256", "512")
        )
        default = "16" if provider_id == "aes-generated" else "64"
        if (first(config, "secretSize", default) or default) not in sizes:
            raise InvalidInput(f"'Secret size' should be one of {', '.join(sizes)}", field="secretSize")
    if provider_id in ("rsa", "rsa-enc") and not first(config, "privateKey"):
        raise InvalidInput("'Private RSA Key' is required", field="privateKey")


def _make(provider_id: str, config: Config, subject: str) -> Material:
    alg = algorithm(provider_id, config)
    use = SPECS[provider_id].use
    if provider_id in ("rsa-generated", "rsa-enc-generated"):
        return material.generate_rsa(int(first(config, "keySize", "2048") or 2048), alg, use, subject)
    if provider_id == "ecdsa-generated":
        return material.generate_ec(first(config, "ecdsaEllipticCurveKey", "P-256") or "P-256", alg, subject)
    if provider_id in ("rsa", "rsa-enc"):
        return material.from_pem(
            first(config, "privateKey") or "", first(config, "certificate"), alg, use, subject
        )
    default = "16" if provider_id == "aes-generated" else "64"
    return material.generate_secret(int(first(config, "secretSize", default) or default), alg, use)


async def make_key(provider_id: str, config: Config, subject: str) -> Material:
    """The provider's key; CPU-heavy for RSA, so made in a thread before any transaction opens."""
    return await asyncio.to_thread(_make, provider_id, config, subject)


def key_row(component: Component, made: Material) -> Key:
    """The key row of ``made`` for ``component`` (unsaved): public parts with the certificate as ``x5c``,
    the private JWK sealed."""
    config = component.config
    alg = made.jwk.get("alg") or algorithm(component.provider_id, config)
    use = SPECS[component.provider_id].use
    if made.jwk.get("kty") == "oct":
        public: dict[str, Any] = {"kty": "oct", "kid": made.kid}
    else:
        public = jwt.public_dict(made.jwk) | {"kid": made.kid}
        if made.certificate:
            public["x5c"] = [made.certificate]
    signs = use == "sig" and alg in jwt.SUPPORTED_ALGORITHMS
    return Key(
        kid=made.kid,
        realm_id=component.realm_id,
        set_name="" if signs else OTHER_SET,
        algorithm=alg,
        use=use,
        public_jwk=public,
        private_enc=secret_box().seal(jwt.private_json(made.jwk)),
        active=flag(config, "active"),
        enabled=flag(config, "enabled"),
        priority=priority(config),
        component_id=component.id,
    )


def settings_of(config: Config) -> dict[str, list[str]]:
    """The config a key provider keeps: its settings, without the key material given to it."""
    return {k: list(v) for k, v in config.items() if k not in SECRET_INPUTS}
