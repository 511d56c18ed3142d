"""The server info query."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.server_info import info as server_info
from schema.kit.context import Info


@strawberry.type
class RealmAdminQuery:
    @strawberry.field(
        description="What this server is and implements, as Keycloak's `GET /admin/serverinfo` answers."
    )
    def server_info(self, info: Info) -> JSON:
        return JSON(server_info.server_info(info.context.actor))
