"""Client queries."""

from __future__ import annotations

import strawberry

from resolvers.clients import certificates, registration, secrets
from resolvers.clients import crud as clients
from schema.clients.secrets import ClientCertificate, ClientInitialAccess, ClientSecret
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

    @strawberry.field(description="A client's secret (view-clients): the only way to read it.")
    async def client_secret(self, info: Info, realm: str, id: str) -> ClientSecret:
        return ClientSecret.of(await secrets.get_secret(info.context.actor, realm, id))

    @strawberry.field(description="A client's rotated secret, while it still works; null when there is none.")
    async def client_rotated_secret(self, info: Info, realm: str, id: str) -> ClientSecret | None:
        found = await secrets.rotated_secret_or_none(info.context.actor, realm, id)
        return ClientSecret.of(found) if found else None

    @strawberry.field(description="The certificate under `attr` of a client (view-clients); no private key.")
    async def client_certificate(self, info: Info, realm: str, id: str, attr: str) -> ClientCertificate:
        return ClientCertificate.of(await certificates.key_info(info.context.actor, realm, id, attr))

    @strawberry.field(description="The live initial access tokens of a realm (view-clients), without tokens.")
    async def client_initial_accesses(self, info: Info, realm: str) -> list[ClientInitialAccess]:
        found = await registration.list_initial_access(info.context.actor, realm)
        return [ClientInitialAccess.of(v) for v in found]
