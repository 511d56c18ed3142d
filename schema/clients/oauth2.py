"""Mutations of a client as OAuth2 client metadata (Hydra's create, PUT, PATCH and delete)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from core.errors import InvalidInput
from resolvers.clients import oauth2
from resolvers.clients.oauth2_metadata import OAuth2ClientView
from schema.clients.oauth2_types import OAuth2Metadata
from schema.clients.types import Client
from schema.kit.context import Info
from schema.kit.mutations import MutationError, OkPayload, mutation


@strawberry.type
class OAuth2ClientPayload:
    client: Client | None = None
    oauth2: OAuth2Metadata | None = None
    client_secret: str | None = strawberry.field(
        default=None, description="Shown only by the write that set it (a create generates one)."
    )
    errors: list[MutationError] = strawberry.field(default_factory=list)


def _payload(view: OAuth2ClientView) -> OAuth2ClientPayload:
    return OAuth2ClientPayload(
        client=Client(model=view.client), oauth2=OAuth2Metadata(view=view.metadata), client_secret=view.secret
    )


Metadata = Annotated[
    JSON,
    strawberry.argument(description="OAuth2 client metadata in RFC 7591 names, checked as Hydra checks it"),
]


@strawberry.type
class OAuth2ClientMutation:
    @mutation(description="A client made from OAuth2 client metadata (Hydra's create).")
    async def oauth2_client_create(self, info: Info, realm: str, metadata: Metadata) -> OAuth2ClientPayload:
        if not isinstance(metadata, dict):
            raise InvalidInput("metadata must be an object")
        return _payload(await oauth2.create_oauth2_client(info.context.actor, realm, dict(metadata)))

    @mutation(description="The client's whole metadata replaced (Hydra's PUT); the secret kept unless given.")
    async def oauth2_client_update(
        self,
        info: Info,
        realm: str,
        client_id: str,
        metadata: Metadata,
    ) -> OAuth2ClientPayload:
        if not isinstance(metadata, dict):
            raise InvalidInput("metadata must be an object")
        view = await oauth2.update_oauth2_client(info.context.actor, realm, client_id, dict(metadata))
        return _payload(view)

    @mutation(description="An RFC 6902 JSON Patch over the client's metadata (Hydra's PATCH).")
    async def oauth2_client_patch(
        self, info: Info, realm: str, client_id: str, patch: JSON
    ) -> OAuth2ClientPayload:
        return _payload(await oauth2.patch_oauth2_client(info.context.actor, realm, client_id, patch))

    @mutation()
    async def oauth2_client_delete(self, info: Info, realm: str, client_id: str) -> OkPayload:
        await oauth2.delete_oauth2_client(info.context.actor, realm, client_id)
        return OkPayload(ok=True)
