"""The Client type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from models import Client as ClientModel
from resolvers.clients.defaults import DERIVED_KEYS, setting
from resolvers.clients.oauth2_metadata import metadata_of
from resolvers.kit.management import PERMISSIONS_KEY
from resolvers.oauth2 import listing as oauth2_listing
from schema.clients.dataloaders import visible_clients
from schema.clients.oauth2_types import OAuth2Metadata
from schema.kit.context import Info
from schema.kit.node import Node, as_node, register_node

if TYPE_CHECKING:
    from schema.oauth2.types import OAuth2AuthRequest


@strawberry.type(description="A client (an OAuth2 / OpenID Connect application).")
class Client(Node):
    model: strawberry.Private[ClientModel]

    def node_key(self) -> str:
        return self.model.id

    @strawberry.field(description="The client's own id (Keycloak's `id`).")
    def client_uuid(self) -> str:
        return self.model.id

    @strawberry.field
    def client_id(self) -> str:
        return self.model.client_id

    @strawberry.field
    def name(self) -> str | None:
        return self.model.name

    @strawberry.field
    def description(self) -> str | None:
        return self.model.description

    @strawberry.field
    def enabled(self) -> bool:
        return self.model.enabled

    @strawberry.field
    def public_client(self) -> bool:
        return self.model.public_client

    @strawberry.field
    def redirect_uris(self) -> list[str]:
        return list(self.model.redirect_uris)

    @strawberry.field
    def web_origins(self) -> list[str]:
        return list(self.model.web_origins)

    @strawberry.field
    def protocol(self) -> str:
        return self.model.protocol

    @strawberry.field
    def root_url(self) -> str | None:
        return self.model.root_url

    @strawberry.field
    def base_url(self) -> str | None:
        return self.model.base_url

    @strawberry.field
    def admin_url(self) -> str | None:
        return setting(self.model.config, "adminUrl")  # type: ignore[no-any-return]

    @strawberry.field
    def bearer_only(self) -> bool:
        return self.model.bearer_only

    @strawberry.field
    def standard_flow_enabled(self) -> bool:
        return self.model.standard_flow_enabled

    @strawberry.field
    def implicit_flow_enabled(self) -> bool:
        return self.model.implicit_flow_enabled

    @strawberry.field
    def direct_access_grants_enabled(self) -> bool:
        return self.model.direct_access_grants_enabled

    @strawberry.field
    def service_accounts_enabled(self) -> bool:
        return self.model.service_accounts_enabled

    @strawberry.field
    def full_scope_allowed(self) -> bool:
        return bool(setting(self.model.config, "fullScopeAllowed"))

    @strawberry.field
    def consent_required(self) -> bool:
        return bool(setting(self.model.config, "consentRequired"))

    @strawberry.field
    def not_before(self) -> int:
        return self.model.not_before

    @strawberry.field(description="The client's attributes, as Keycloak's ClientRepresentation holds them.")
    def attributes(self) -> JSON:
        return JSON({k: v for k, v in self.model.attributes.items() if k != PERMISSIONS_KEY})

    @strawberry.field(
        description="The rest of the configuration in Keycloak's ClientRepresentation names (no secret)."
    )
    def settings(self) -> JSON:
        return JSON({k: v for k, v in self.model.config.items() if k not in DERIVED_KEYS})

    @strawberry.field(description="The OAuth2 flows' consent sessions granted to the client.")
    async def oauth2_consent_sessions(
        self, info: Info
    ) -> list[Annotated[OAuth2AuthRequest, strawberry.lazy("schema.oauth2.types")]]:
        rows = await oauth2_listing.consent_sessions(info.context.actor, client_pk=self.model.id)
        return [as_node("OAuth2AuthRequest", r) for r in rows]

    @strawberry.field(
        description="The client as OAuth2 client metadata (RFC 7591), as Hydra's door shows it."
    )
    def oauth2(self) -> OAuth2Metadata:
        return OAuth2Metadata(view=metadata_of(self.model))


# A client is visible to a caller with view-clients in its realm (the rule of clients.get_client).
register_node(Client, visible_clients, lambda model: Client(model=model))
