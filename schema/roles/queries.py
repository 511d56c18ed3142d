"""Role queries."""

from __future__ import annotations

import strawberry

from resolvers.roles import crud as role_admin
from resolvers.roles.views import RoleAddress
from schema.kit.context import Info
from schema.kit.node import found_or_none
from schema.kit.relay import After, Connection, First, paginate
from schema.roles.types import Role


@strawberry.type
class RoleQuery:
    @strawberry.field(description="Realm roles, or the roles of one client (by its `clientUuid`).")
    async def roles(
        self,
        info: Info,
        realm: str,
        client_uuid: str | None = None,
        search: str | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Role]:
        actor = info.context.actor
        page = await paginate(
            lambda start, limit: role_admin.list_roles(
                actor, realm, client_uuid, search=search, first=start, max_=limit
            ),
            first,
            after,
        )

        async def count() -> int:
            return await role_admin.count_roles(actor, realm, client_uuid, search=search)

        return Connection.of(page.map(lambda v: Role(model=v.role)), count)

    @strawberry.field(description="A role by id, or by name (in the realm or a client); null when missing.")
    async def role(
        self,
        info: Info,
        realm: str,
        id: str | None = None,
        name: str | None = None,
        client_uuid: str | None = None,
    ) -> Role | None:
        address = RoleAddress(role_id=id, name=name, client_uuid=client_uuid)
        found = await found_or_none(role_admin.get_role(info.context.actor, realm, address))
        return Role(model=found.role) if found else None
