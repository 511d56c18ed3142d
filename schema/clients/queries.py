"""Client queries."""

from __future__ import annotations

import strawberry

from resolvers.clients import crud as clients
from schema.clients.types import Client
from schema.kit.context import Info
from schema.kit.relay import After, Connection, First, paginate


@strawberry.type
class ClientQuery:
    @strawberry.field(description="Clients of a realm, optionally one by its clientId.")
    async def clients(
        self, info: Info, realm: str, client_id: str | None = None, first: First = None, after: After = None
    ) -> Connection[Client]:
        actor = info.context.actor
        page = await paginate(
            lambda start, limit: clients.list_clients(actor, realm, client_id, False, start, limit),
            first,
            after,
        )

        async def count() -> int:
            return len(await clients.list_clients(actor, realm, client_id, False, 0, 1_000_000))

        return Connection.of(page.map(lambda c: Client(model=c)), count)
