"""Client inputs, read into the typed fields the client resolvers take."""

from __future__ import annotations

import strawberry

from resolvers.clients.crud import UNSET, ClientFields
from schema.kit.inputs import given


@strawberry.input(description="Client fields; omitted fields keep their value on update.")
class ClientInput:
    client_id: str | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    enabled: bool | None = strawberry.UNSET
    public_client: bool | None = strawberry.UNSET
    redirect_uris: list[str] | None = strawberry.UNSET

    def fields(self) -> ClientFields:
        return ClientFields(
            client_id=given(self.client_id, UNSET),
            name=given(self.name, UNSET),
            description=given(self.description, UNSET),
            enabled=given(self.enabled, UNSET),
            public_client=given(self.public_client, UNSET),
            redirect_uris=given(self.redirect_uris, UNSET),
        )
