"""The ClientScope and ProtocolMapper types."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from models import ProtocolMapper as MapperModel
from resolvers.client_scopes import scopes
from resolvers.client_scopes.inputs import ScopeView
from schema.client_scopes.dataloaders import visible_mappers, visible_scopes
from schema.kit.context import Info
from schema.kit.node import Node, register_node
from schema.kit.relay import Connection, paginate


@strawberry.type(description="A protocol mapper: how one claim of a token is made.")
class ProtocolMapper(Node):
    model: strawberry.Private[MapperModel]

    def node_key(self) -> str:
        return self.model.id

    @strawberry.field(description="The mapper's own id (Keycloak's `id`).")
    def mapper_id(self) -> str:
        return self.model.id

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field
    def protocol(self) -> str:
        return self.model.protocol

    @strawberry.field(description="The mapper type, such as `oidc-usermodel-attribute-mapper`.")
    def protocol_mapper(self) -> str:
        return self.model.protocol_mapper

    @strawberry.field
    def consent_required(self) -> bool:
        return self.model.consent_required

    @strawberry.field(description="The mapper's settings, in Keycloak's names.")
    def config(self) -> JSON:
        return JSON(dict(self.model.config))


@strawberry.type(description="A client scope (Keycloak's legacy name: client template).")
class ClientScope(Node):
    view: strawberry.Private[ScopeView]

    def node_key(self) -> str:
        return self.view.scope.id

    @strawberry.field(description="The scope's own id (Keycloak's `id`).")
    def scope_id(self) -> str:
        return self.view.scope.id

    @strawberry.field
    def name(self) -> str:
        return self.view.scope.name

    @strawberry.field
    def description(self) -> str | None:
        return self.view.scope.description

    @strawberry.field
    def protocol(self) -> str:
        return self.view.scope.protocol

    @strawberry.field
    def attributes(self) -> JSON:
        return JSON(dict(self.view.scope.attributes))

    @strawberry.field
    def protocol_mappers(self) -> list[ProtocolMapper]:
        return [ProtocolMapper(model=m) for m in self.view.mappers]


async def client_scope_connection(
    info: Info, realm_name: str, first: int | None, after: str | None
) -> Connection[ClientScope]:
    """A realm's client scopes, by name."""
    found = await scopes.list_scopes(info.context.actor, realm_name)
    page = await paginate(found, first, after)
    return Connection.of(page.map(lambda v: ClientScope(view=v)), len(found))


register_node(ClientScope, visible_scopes, lambda view: ClientScope(view=view))
register_node(ProtocolMapper, visible_mappers, lambda model: ProtocolMapper(model=model))
