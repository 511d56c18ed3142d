"""Client mutations."""

from __future__ import annotations

import strawberry

from resolvers.clients import certificates, registration, runtime, secrets
from resolvers.clients import crud as clients
from schema.clients.inputs import ClientInput
from schema.clients.secrets import ClientCertificate, ClientInitialAccess, ClientSecret
from schema.clients.types import Client
from schema.kit.context import Info
from schema.kit.mutations import MutationError, OkPayload, mutation


@strawberry.type
class ClientPayload:
    client: Client | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class ClientSecretPayload:
    secret: ClientSecret | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class RegistrationTokenPayload:
    client: Client | None = None
    registration_access_token: str | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class ClientCertificatePayload:
    certificate: ClientCertificate | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class ClientInitialAccessPayload:
    initial_access: ClientInitialAccess | None = None
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

    @mutation(
        description="A new secret for the client; the old one keeps working only under a rotation policy."
    )
    async def client_regenerate_secret(self, info: Info, realm: str, id: str) -> ClientSecretPayload:
        return ClientSecretPayload(
            secret=ClientSecret.of(await secrets.regenerate_secret(info.context.actor, realm, id))
        )

    @mutation()
    async def client_remove_rotated_secret(self, info: Info, realm: str, id: str) -> OkPayload:
        await secrets.remove_rotated_secret(info.context.actor, realm, id)
        return OkPayload(ok=True)

    @mutation(description="A new registration access token; shown once, only its hash is kept.")
    async def client_new_registration_access_token(
        self, info: Info, realm: str, id: str
    ) -> RegistrationTokenPayload:
        made = await secrets.new_registration_token(info.context.actor, realm, id)
        return RegistrationTokenPayload(
            client=Client(model=made.client.client), registration_access_token=made.token
        )

    @mutation()
    async def client_register_node(self, info: Info, realm: str, id: str, node: str) -> OkPayload:
        await runtime.register_node(info.context.actor, realm, id, node)
        return OkPayload(ok=True)

    @mutation()
    async def client_unregister_node(self, info: Info, realm: str, id: str, node: str) -> OkPayload:
        await runtime.unregister_node(info.context.actor, realm, id, node)
        return OkPayload(ok=True)

    @mutation(description="A new key pair and certificate under `attr`; the private key is shown this once.")
    async def client_generate_certificate(
        self, info: Info, realm: str, id: str, attr: str
    ) -> ClientCertificatePayload:
        made = await certificates.generate(info.context.actor, realm, id, attr)
        return ClientCertificatePayload(certificate=ClientCertificate.of(made))

    @mutation()
    async def client_initial_access_create(
        self, info: Info, realm: str, expiration: int | None = None, count: int | None = None
    ) -> ClientInitialAccessPayload:
        made = await registration.create_initial_access(info.context.actor, realm, expiration, count)
        return ClientInitialAccessPayload(initial_access=ClientInitialAccess.of(made))

    @mutation()
    async def client_initial_access_delete(self, info: Info, realm: str, id: str) -> OkPayload:
        await registration.delete_initial_access(info.context.actor, realm, id)
        return OkPayload(ok=True, deleted_id=id)
