"""Identity provider mutations: the providers, their mappers and their permissions switch."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.identity_providers import crud, mappers
from resolvers.kit import management
from schema.identity_providers.inputs import IdentityProviderInput, IdentityProviderMapperInput
from schema.identity_providers.types import IdentityProvider, IdentityProviderMapper, identity_provider
from schema.kit.context import Info
from schema.kit.mutations import MutationError, OkPayload, mutation


@strawberry.type
class IdentityProviderPayload:
    identity_provider: IdentityProvider | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class IdentityProviderMapperPayload:
    mapper: IdentityProviderMapper | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class PermissionsPayload:
    permissions: JSON | None = strawberry.field(
        default=None,
        description="Keycloak's ManagementPermissionReference: enabled, resource, scopePermissions.",
    )
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class IdentityProviderMutation:
    @mutation()
    async def identity_provider_create(
        self, info: Info, realm: str, input: IdentityProviderInput
    ) -> IdentityProviderPayload:
        made = await crud.create_provider(info.context.actor, realm, input.fields())
        return IdentityProviderPayload(identity_provider=identity_provider(realm, made))

    @mutation(description="Replace the provider's settings; a new alias renames it and the users' links.")
    async def identity_provider_update(
        self, info: Info, realm: str, alias: str, input: IdentityProviderInput
    ) -> IdentityProviderPayload:
        changed = await crud.update_provider(info.context.actor, realm, alias, input.fields())
        return IdentityProviderPayload(identity_provider=identity_provider(realm, changed))

    @mutation()
    async def identity_provider_delete(self, info: Info, realm: str, alias: str) -> OkPayload:
        await crud.delete_provider(info.context.actor, realm, alias)
        return OkPayload(ok=True, deleted_id=alias)

    @mutation()
    async def identity_provider_mapper_create(
        self, info: Info, realm: str, alias: str, input: IdentityProviderMapperInput
    ) -> IdentityProviderMapperPayload:
        made = await mappers.create_mapper(info.context.actor, realm, alias, input.fields(alias))
        return IdentityProviderMapperPayload(mapper=IdentityProviderMapper(view=made))

    @mutation(description="Change a mapper's name and config (its type stays, as in Keycloak).")
    async def identity_provider_mapper_update(
        self, info: Info, realm: str, alias: str, mapper_id: str, input: IdentityProviderMapperInput
    ) -> IdentityProviderMapperPayload:
        actor = info.context.actor
        await mappers.update_mapper(actor, realm, alias, mapper_id, input.fields(alias))
        found = await mappers.get_mapper(actor, realm, alias, mapper_id)
        return IdentityProviderMapperPayload(mapper=IdentityProviderMapper(view=found))

    @mutation()
    async def identity_provider_mapper_delete(
        self, info: Info, realm: str, alias: str, mapper_id: str
    ) -> OkPayload:
        await mappers.delete_mapper(info.context.actor, realm, alias, mapper_id)
        return OkPayload(ok=True, deleted_id=mapper_id)

    @mutation(description="Turn fine-grained permissions on or off for the provider.")
    async def identity_provider_permissions_set(
        self, info: Info, realm: str, alias: str, enabled: bool
    ) -> PermissionsPayload:
        found = await management.set(info.context.actor, realm, mappers.PERMISSIONS, alias, enabled)
        return PermissionsPayload(permissions=JSON(dict(found)))
