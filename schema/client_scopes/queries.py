"""Client scope queries."""

from __future__ import annotations

import strawberry

from schema.client_scopes.types import ClientScope, client_scope_connection
from schema.kit.context import Info
from schema.kit.relay import After, Connection, First


@strawberry.type
class ClientScopeQuery:
    @strawberry.field(description="A realm's client scopes, by name.")
    async def client_scopes(
        self, info: Info, realm: str, first: First = None, after: After = None
    ) -> Connection[ClientScope]:
        return await client_scope_connection(info, realm, first, after)
