"""Client mutations."""

from __future__ import annotations

import strawberry

from resolvers.clients import crud as clients
from schema.clients.inputs import ClientInput
from schema.clients.types import Client
from schema.kit.context import Info
from schema.kit.mutations import MutationError, OkPayload, mutation


@strawberry.type
class ClientPayload:
    client: Client | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class ClientMutation:
    @mutation()
    async def client_create(self, info: Info, realm: str, input: ClientInput) -> ClientPayload:
        made = await clients.create_client(info.context.actor, realm, input.fields())
        return ClientPayload(client=Client(model=made))

    @mutation()
    async def client_update(self, info: Info, realm: str, id: str, input: ClientInput) -> ClientPayload:
        changed = await clients.update_client(info.context.actor, realm, id, input.fields())
        return ClientPayload(client=Client(model=changed))

    @mutation()
    async def client_delete(self, info: Info, realm: str, id: str) -> OkPayload:
        await clients.delete_client(info.context.actor, realm, id)
        return OkPayload(ok=True, deleted_id=id)
