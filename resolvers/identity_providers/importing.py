"""What a realm export brings of identity providers: the providers (with their ids, as ``internalId``)
and their mappers, created by the same rules as the endpoints, in the realm's creating transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.errors import InvalidInput
from models import Realm
from resolvers.identity_providers.crud import IdentityProviderFields, add_provider
from resolvers.identity_providers.mappers import MapperFields, add_mapper


@dataclass
class IdentityProvidersImport:
    providers: list[tuple[IdentityProviderFields, str | None]] = field(default_factory=list)
    mappers: list[tuple[MapperFields, str | None]] = field(default_factory=list)
    """Each with its id, if the export gives one; a mapper names its provider by alias."""


async def apply(realm: Realm, found: IdentityProvidersImport | None) -> None:
    if found is None:
        return
    for fields, provider_uuid in found.providers:
        await add_provider(realm, fields, provider_uuid)
    aliases = {str(fields.alias) for fields, _ in found.providers}
    for mapper, mapper_id in found.mappers:
        alias = mapper.identity_provider_alias
        if not isinstance(alias, str) or alias not in aliases:
            raise InvalidInput(
                f"identityProviderMappers: identity provider {alias} does not exist",
                field="identityProviderMappers",
            )
        await add_mapper(realm, alias, mapper, mapper_id)
