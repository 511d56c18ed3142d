"""The realm's keys as Keycloak's ``KeyResource`` lists them: every key of its key providers (and any key
given through Hydra's signing set), with the key that is active per algorithm."""

from __future__ import annotations

from dataclasses import dataclass

from jwcrypto.jwk import JWK

from models import Key
from resolvers.components import material
from resolvers.components.providers import OTHER_SET
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor

_TYPES = {"RSA": "RSA", "EC": "EC", "oct": "OCT", "OKP": "OKP"}


@dataclass(frozen=True)
class KeyMetadata:
    kid: str
    algorithm: str
    type: str
    use: str
    status: str
    provider_id: str | None
    provider_priority: int
    public_key: str | None
    certificate: str | None
    valid_to: int | None


@dataclass(frozen=True)
class KeysMetadata:
    active: dict[str, str]
    keys: list[KeyMetadata]


def status_of(key: Key) -> str:
    return "DISABLED" if not key.enabled else "ACTIVE" if key.active else "PASSIVE"


def metadata_of(key: Key) -> KeyMetadata:
    public = dict(key.public_jwk)
    certificate = (public.get("x5c") or [None])[0]
    bare = {k: v for k, v in public.items() if k != "x5c"}
    jwk = None if public.get("kty") == "oct" else JWK(**bare)
    return KeyMetadata(
        kid=key.kid,
        algorithm=key.algorithm,
        type=_TYPES.get(str(public.get("kty")), str(public.get("kty"))),
        use=key.use.upper(),
        status=status_of(key),
        provider_id=key.component_id,
        provider_priority=key.priority,
        public_key=None if jwk is None else material.public_key_b64(jwk),
        certificate=certificate,
        valid_to=material.certificate_valid_to(certificate),
    )


async def realm_key_rows(realm_id: str) -> list[Key]:
    return await Key.filter(realm_id=realm_id, set_name__in=("", OTHER_SET)).order_by(
        "-priority", "-created_at", "kid"
    )


async def keys_metadata(actor: Actor | None, realm_name: str) -> KeysMetadata:
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    rows = await realm_key_rows(realm.id)
    active: dict[str, str] = {}
    for row in rows:
        if row.enabled and row.active and row.private_enc:
            active.setdefault(row.algorithm, row.kid)
    return KeysMetadata(active, [metadata_of(r) for r in rows])
