"""The IdentityProvider and IdentityProviderMapper types."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.identity_providers import crud, mappers
from resolvers.identity_providers.crud import IdentityProviderView
from resolvers.identity_providers.mappers import MapperView
from resolvers.kit.actor import Actor
from schema.kit.context import Info
from schema.kit.node import Node, in_own_realm, register_node


@strawberry.type(description="A mapper of an identity provider: how a brokered login shapes the user.")
class IdentityProviderMapper:
    view: strawberry.Private[MapperView]

    @strawberry.field(description="The mapper's own id (Keycloak's `id`).")
    def mapper_id(self) -> str:
        return self.view.model.id

    @strawberry.field
    def name(self) -> str:
        return self.view.model.name

    @strawberry.field(description="The mapper type (Keycloak's `identityProviderMapper`).")
    def mapper_type(self) -> str:
        return self.view.model.mapper_type

    @strawberry.field
    def identity_provider_alias(self) -> str:
        return self.view.alias

    @strawberry.field(description="The mapper's settings, in Keycloak's names.")
    def config(self) -> JSON:
        return JSON(dict(self.view.model.config))


@strawberry.type(description="An identity provider of a realm; its secret is masked (`**********`).")
class IdentityProvider(Node):
    view: strawberry.Private[IdentityProviderView]
    realm_name: strawberry.Private[str]

    def node_key(self) -> str:
        return self.view.model.id

    @strawberry.field(description="The provider's own id (Keycloak's `internalId`).")
    def internal_id(self) -> str:
        return self.view.model.id

    @strawberry.field
    def alias(self) -> str:
        return self.view.alias

    @strawberry.field(description="The factory, such as `oidc`, `saml` or `github`.")
    def provider_id(self) -> str:
        return self.view.model.provider_id

    @strawberry.field
    def enabled(self) -> bool:
        return self.view.model.enabled

    @strawberry.field
    def display_name(self) -> str | None:
        value = self.view.settings.get("displayName")
        return value if isinstance(value, str) else None

    @strawberry.field(description="The provider's `config` map, its secret masked.")
    def config(self) -> JSON:
        return JSON(dict(self.view.settings.get("config") or {}))

    @strawberry.field(
        description="Every setting of Keycloak's IdentityProviderRepresentation but alias, providerId, "
        "enabled and internalId, defaults filled in."
    )
    def settings(self) -> JSON:
        return JSON(dict(self.view.settings))

    @strawberry.field(description="The provider's mappers.")
    async def mappers(self, info: Info) -> list[IdentityProviderMapper]:
        found = await mappers.list_mappers(info.context.actor, self.realm_name, self.view.alias)
        return [IdentityProviderMapper(view=v) for v in found]


def identity_provider(realm_name: str, view: IdentityProviderView) -> IdentityProvider:
    return IdentityProvider(view=view, realm_name=realm_name)


async def _visible(actor: Actor | None, keys: list[str]) -> list[tuple[IdentityProviderView, str] | None]:
    realm_ids = await crud.provider_realm_ids(keys)

    async def read(realm_name: str, provider_id: str) -> tuple[IdentityProviderView, str]:
        return await crud.get_provider_by_id(actor, realm_name, provider_id), realm_name

    return await in_own_realm(actor, keys, realm_ids, read)


register_node(IdentityProvider, _visible, lambda found: identity_provider(found[1], found[0]))
