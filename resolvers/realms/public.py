"""A realm's public information (Keycloak's ``GET /realms/{realm}``): no caller needed."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization

from resolvers.auth import keys
from resolvers.kit.lookup import realm_by_name
from resolvers.realms.defaults import setting


@dataclass(frozen=True)
class PublicRealmView:
    name: str
    public_key: str | None
    """The active signing key's SubjectPublicKeyInfo, base64 (no PEM armour), as Keycloak shows it."""
    not_before: int


async def public_realm(realm_name: str) -> PublicRealmView:
    realm = await realm_by_name(realm_name)
    key_set = await keys.realm_keys(realm.id)
    public = None
    if key_set.active_kid is not None:
        pem = key_set.public[key_set.active_kid].export_to_pem()
        der = serialization.load_pem_public_key(pem).public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        public = base64.b64encode(der).decode()
    return PublicRealmView(realm.name, public, int(setting(realm.config, "notBefore") or 0))
