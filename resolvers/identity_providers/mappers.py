"""An identity provider's mappers (``…/{alias}/mappers``), its mapper types, and its fine-grained
management permissions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import InvalidInput, NotFound
from models import IdentityProviderMapper, Realm
from resolvers.identity_providers import catalog
from resolvers.identity_providers.crud import provider_in_realm
from resolvers.kit import lookup, management, rights, unique
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event

KIND = "IDENTITY_PROVIDER_MAPPER"
MAPPER_MISSING = "Model not found"


@dataclass(frozen=True)
class MapperFields:
    """An IdentityProviderMapperRepresentation's fields, unchecked."""

    name: Any
    mapper_type: Any
    config: Any = None
    identity_provider_alias: Any = None

    def representation(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "identityProviderAlias": self.identity_provider_alias,
            "identityProviderMapper": self.mapper_type,
            "config": self.config or {},
        }


@dataclass(frozen=True)
class MapperView:
    model: IdentityProviderMapper
    alias: str


def _check(f: MapperFields, provider_type: str, alias: str) -> dict[str, Any]:
    if not isinstance(f.name, str) or not f.name.strip():
        raise InvalidInput("Mapper name is required", field="name")
    kind = catalog.mapper_type(f.mapper_type) if isinstance(f.mapper_type, str) else None
    if kind is None or provider_type not in kind.providers:
        raise InvalidInput(
            f"Failed to add mapper '{f.name}' to identity provider [{provider_type}].",
            field="identityProviderMapper",
        )
    if f.identity_provider_alias not in (None, alias):
        raise InvalidInput("identityProviderAlias does not name this provider", field="identityProviderAlias")
    config = f.config if f.config is not None else {}
    if not isinstance(config, dict) or not all(isinstance(v, str | None) for v in config.values()):
        raise InvalidInput("config must be an object of strings", field="config")
    return dict(config)


async def _mapper(realm: Realm, alias: str, mapper_id: str) -> tuple[Any, IdentityProviderMapper]:
    idp = await provider_in_realm(realm, alias)
    found = await IdentityProviderMapper.get_or_none(id=mapper_id, identity_provider_id=idp.id)
    if found is None:
        raise NotFound(MAPPER_MISSING)
    return idp, found


async def list_mappers(actor: Actor | None, realm_name: str, alias: str) -> list[MapperView]:
    rights.require(actor, realm_name, "view-identity-providers")
    realm = await lookup.realm_by_name(realm_name)
    idp = await provider_in_realm(realm, alias)
    found = await IdentityProviderMapper.filter(identity_provider_id=idp.id).order_by("name")
    return [MapperView(m, idp.alias) for m in found]


async def get_mapper(actor: Actor | None, realm_name: str, alias: str, mapper_id: str) -> MapperView:
    rights.require(actor, realm_name, "view-identity-providers")
    realm = await lookup.realm_by_name(realm_name)
    idp, found = await _mapper(realm, alias, mapper_id)
    return MapperView(found, idp.alias)


async def add_mapper(
    realm: Realm, alias: str, f: MapperFields, mapper_id: str | None = None
) -> IdentityProviderMapper:
    """Create the mapper (in the caller's transaction): shared by the endpoint and the realm import."""
    idp = await provider_in_realm(realm, alias)
    config = _check(f, idp.provider_id, idp.alias)
    if await IdentityProviderMapper.exists(identity_provider_id=idp.id, name=f.name):
        raise InvalidInput(f"Failed to add mapper '{f.name}' to identity provider [{idp.provider_id}].")
    mapper = IdentityProviderMapper(
        identity_provider_id=idp.id, name=f.name, mapper_type=f.mapper_type, config=config
    )
    if mapper_id:
        mapper.id = mapper_id
    await mapper.save(force_create=True)
    return mapper


async def create_mapper(actor: Actor | None, realm_name: str, alias: str, f: MapperFields) -> MapperView:
    actor = rights.require(actor, realm_name, "manage-identity-providers")
    realm = await lookup.realm_by_name(realm_name)
    async with unique.transaction(f"Mapper {f.name} already exists"):
        mapper = await add_mapper(realm, alias, f)
        path = f"identity-provider/instances/{alias}/mappers/{mapper.id}"
        await record_admin_event(realm, actor, "CREATE", KIND, path, f)
    return MapperView(mapper, alias)


async def update_mapper(
    actor: Actor | None, realm_name: str, alias: str, mapper_id: str, f: MapperFields
) -> None:
    """Keycloak updates the mapper's name and config only: its type stays."""
    actor = rights.require(actor, realm_name, "manage-identity-providers")
    realm = await lookup.realm_by_name(realm_name)
    idp, mapper = await _mapper(realm, alias, mapper_id)
    fields = MapperFields(
        mapper.name if f.name is None else f.name, mapper.mapper_type, f.config, f.identity_provider_alias
    )
    mapper.name, mapper.config = fields.name, _check(fields, idp.provider_id, idp.alias)
    async with unique.transaction(f"Mapper {fields.name} already exists"):
        await mapper.save(update_fields=["name", "config"])
        path = f"identity-provider/instances/{alias}/mappers/{mapper.id}"
        await record_admin_event(realm, actor, "UPDATE", KIND, path, fields)


async def delete_mapper(actor: Actor | None, realm_name: str, alias: str, mapper_id: str) -> None:
    actor = rights.require(actor, realm_name, "manage-identity-providers")
    realm = await lookup.realm_by_name(realm_name)
    _, mapper = await _mapper(realm, alias, mapper_id)
    async with in_transaction():
        await mapper.delete()
        path = f"identity-provider/instances/{alias}/mappers/{mapper_id}"
        await record_admin_event(realm, actor, "DELETE", KIND, path)


async def mapper_types(actor: Actor | None, realm_name: str, alias: str) -> list[catalog.MapperType]:
    rights.require(actor, realm_name, "view-identity-providers")
    realm = await lookup.realm_by_name(realm_name)
    idp = await provider_in_realm(realm, alias)
    return catalog.mapper_types_for(idp.provider_id)


async def _find(realm: Realm, alias: str) -> management.Subject:
    idp = await provider_in_realm(realm, alias)
    return management.Subject(
        idp,
        "view-identity-providers",
        "manage-identity-providers",
        "IDENTITY_PROVIDER",
        f"identity-provider/instances/{alias}",
    )


PERMISSIONS = management.Kind(
    name="idp",
    scopes=("token-exchange",),
    find=_find,
    view_right="view-identity-providers",
    manage_right="manage-identity-providers",
)
