"""Inputs of identity providers and their mappers."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from core.errors import InvalidInput
from resolvers.identity_providers.crud import IdentityProviderFields
from resolvers.identity_providers.mappers import MapperFields


@strawberry.input(description="An identity provider, in Keycloak's IdentityProviderRepresentation terms.")
class IdentityProviderInput:
    alias: str | None = None
    provider_id: str | None = None
    enabled: bool | None = None
    display_name: str | None = None
    config: JSON | None = strawberry.field(
        default=None, description="The `config` map; a masked secret keeps the stored one."
    )
    settings: JSON | None = strawberry.field(
        default=None,
        description="Any other representation keys (`trustEmail`, `firstBrokerLoginFlowAlias`, ...).",
    )

    def fields(self) -> IdentityProviderFields:
        if self.settings is not None and not isinstance(self.settings, dict):
            raise InvalidInput("settings must be an object", field="settings")
        settings: dict[str, Any] = dict(self.settings or {})
        if self.display_name is not None:
            settings["displayName"] = self.display_name
        if self.config is not None:
            settings["config"] = self.config
        return IdentityProviderFields(self.alias, self.provider_id, self.enabled, settings)


@strawberry.input(description="A mapper of an identity provider.")
class IdentityProviderMapperInput:
    name: str | None = None
    mapper_type: str | None = strawberry.field(
        default=None, description="Keycloak's `identityProviderMapper`."
    )
    config: JSON | None = None

    def fields(self, alias: str) -> MapperFields:
        return MapperFields(self.name, self.mapper_type, self.config, alias)
