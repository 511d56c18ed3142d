"""The Role type."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from models import Role as RoleModel
from resolvers.groups.tree import visible_attributes
from schema.clients.dataloaders import clients_by_ids
from schema.clients.types import Client
from schema.kit.context import Info
from schema.kit.node import Node, register_node
from schema.roles.dataloaders import role_composites, visible_roles


@strawberry.type(description="A realm role or a client role.")
class Role(Node):
    model: strawberry.Private[RoleModel]

    def node_key(self) -> str:
        return self.model.id

    @strawberry.field(description="The role's own id (Keycloak's `id`).")
    def role_id(self) -> str:
        return self.model.id

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field
    def description(self) -> str | None:
        return self.model.description

    @strawberry.field
    def client_role(self) -> bool:
        return self.model.client_id is not None

    @strawberry.field(description="Attribute name to its values.")
    def attributes(self) -> JSON:
        return JSON(visible_attributes(self.model.attributes))

    @strawberry.field(description="The client owning a client role; null for a realm role.")
    async def client(self, info: Info) -> Client | None:
        if self.model.client_id is None:
            return None
        found = await info.context.loaders.get(clients_by_ids).load(self.model.client_id)
        return Client(model=found) if found else None

    @strawberry.field(description="Every role this role contains, through nested composites too.")
    async def composites(self, info: Info) -> list[Role]:
        found = await info.context.loaders.get(role_composites).load(self.model.id)
        return [Role(model=r) for r in found]


# A role is visible to a caller with view-users (realm role) or view-clients (client role) in its realm,
# the rule of roles.get_role_by_id.
register_node(Role, visible_roles, lambda model: Role(model=model))
