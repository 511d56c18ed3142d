"""The client secret, key pairs and initial access tokens in GraphQL: never fields of Client, only
these types, returned by rights-checked queries and mutations."""

from __future__ import annotations

import strawberry

from resolvers.clients.certificates import CertificateView
from resolvers.clients.registration import InitialAccessView
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


@strawberry.type(
    description="A client's key pair certificate; privateKey only in the answer of a generation."
)
class ClientCertificate:
    certificate: str | None = None
    public_key: str | None = None
    kid: str | None = None
    private_key: str | None = None

    @classmethod
    def of(cls, view: CertificateView) -> ClientCertificate:
        return cls(
            certificate=view.certificate,
            public_key=view.public_key,
            kid=view.kid,
            private_key=view.private_key,
        )


@strawberry.type(description="An initial access token for client registration; token only when created.")
class ClientInitialAccess:
    initial_access_id: str = strawberry.field(
        description="The token's id (not a node: tokens are not nodes)."
    )
    timestamp: int
    expiration: int
    count: int
    remaining_count: int
    token: str | None = None

    @classmethod
    def of(cls, view: InitialAccessView) -> ClientInitialAccess:
        row = view.row
        return cls(
            initial_access_id=row.id,
            timestamp=row.timestamp,
            expiration=row.expiration,
            count=row.count,
            remaining_count=row.remaining_count,
            token=view.token,
        )
