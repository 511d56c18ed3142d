"""The client secret in GraphQL: never a field of Client, only this rights-checked type."""

from __future__ import annotations

import strawberry

from resolvers.clients.secrets import SecretView


@strawberry.type(description="A client secret; readable only by callers with view-clients in its realm.")
class ClientSecret:
    value: str | None
    expires_at: int | None = strawberry.field(
        default=None, description="When a rotated secret stops working (epoch seconds); null otherwise."
    )

    @classmethod
    def of(cls, view: SecretView) -> ClientSecret:
        return cls(value=view.value, expires_at=view.expires_at)
