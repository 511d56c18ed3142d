"""The Client type."""

from __future__ import annotations

import strawberry

from models import Client as ClientModel
from schema.clients.dataloaders import visible_clients
from schema.kit.node import Node, register_node


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


# A client is visible to a caller with view-clients in its realm (the rule of clients.get_client).
register_node(Client, visible_clients, lambda model: Client(model=model))
