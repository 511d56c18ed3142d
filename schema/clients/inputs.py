"""Client inputs, read into the typed fields the client resolvers take."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from resolvers.clients.crud import UNSET, ClientFields
from schema.kit.inputs import given


@strawberry.input(description="Client fields; omitted fields keep their value on update.")
class ClientInput:
    client_id: str | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    enabled: bool | None = strawberry.UNSET
    public_client: bool | None = strawberry.UNSET
    redirect_uris: list[str] | None = strawberry.UNSET
    web_origins: list[str] | None = strawberry.UNSET
    protocol: str | None = strawberry.UNSET
    root_url: str | None = strawberry.UNSET
    base_url: str | None = strawberry.UNSET
    bearer_only: bool | None = strawberry.UNSET
    standard_flow_enabled: bool | None = strawberry.UNSET
    implicit_flow_enabled: bool | None = strawberry.UNSET
    direct_access_grants_enabled: bool | None = strawberry.UNSET
    service_accounts_enabled: bool | None = strawberry.UNSET
    secret: str | None = strawberry.UNSET
    attributes: JSON | None = strawberry.UNSET
    settings: JSON | None = strawberry.field(
        default=strawberry.UNSET,
        description="Further settings in Keycloak's ClientRepresentation names (adminUrl...).",
    )

    def fields(self) -> ClientFields:
        extra: Any = given(self.settings, None)
        made = ClientFields(
            client_id=given(self.client_id, UNSET),
            name=given(self.name, UNSET),
            description=given(self.description, UNSET),
            enabled=given(self.enabled, UNSET),
            public_client=given(self.public_client, UNSET),
            redirect_uris=given(self.redirect_uris, UNSET),
            web_origins=given(self.web_origins, UNSET),
            protocol=given(self.protocol, UNSET),
            root_url=given(self.root_url, UNSET),
            base_url=given(self.base_url, UNSET),
            bearer_only=given(self.bearer_only, UNSET),
            standard_flow_enabled=given(self.standard_flow_enabled, UNSET),
            implicit_flow_enabled=given(self.implicit_flow_enabled, UNSET),
            direct_access_grants_enabled=given(self.direct_access_grants_enabled, UNSET),
            service_accounts_enabled=given(self.service_accounts_enabled, UNSET),
            secret=given(self.secret, UNSET),
            attributes=given(self.attributes, UNSET),
        )
        if isinstance(extra, dict):
            made.extra = dict(extra)
        return made
