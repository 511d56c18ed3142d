"""Trusted JWT grant issuers (Hydra's ``/trust/grants/jwt-bearer/issuers``): reachable from their realm,
made and deleted by mutations."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry.scalars import JSON

from models import TrustedIssuer
from resolvers.oauth2 import trust
from schema.kit.context import Info
from schema.kit.mutations import MutationError, OkPayload, mutation
from schema.kit.node import Node, register_node


def _instant(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


@strawberry.type(
    description="An issuer whose RFC 7523 assertions about a subject (or any subject) the jwt-bearer grant "
    "exchanges for access tokens within its scope, until it expires."
)
class TrustedJwtIssuer(Node):
    row: strawberry.Private[TrustedIssuer]

    def node_key(self) -> str:
        return self.row.id

    @strawberry.field(description="The id Hydra's API names the trust by.")
    def trust_id(self) -> str:
        return self.row.id

    @strawberry.field
    def issuer(self) -> str:
        return self.row.issuer

    @strawberry.field
    def subject(self) -> str:
        return self.row.subject

    @strawberry.field
    def allow_any_subject(self) -> bool:
        return self.row.allow_any_subject

    @strawberry.field
    def scope(self) -> list[str]:
        return [str(s) for s in self.row.scope]

    @strawberry.field(description="The kid of the trusted public key.")
    def key_id(self) -> str:
        return self.row.key_id

    @strawberry.field(description="The trusted public key as a JWK.")
    def jwk(self) -> JSON:
        return JSON(dict(self.row.public_jwk))

    @strawberry.field
    def created_at(self) -> datetime:
        return _instant(self.row.created_at)

    @strawberry.field
    def expires_at(self) -> datetime:
        return _instant(self.row.expires_at)


async def realm_trusted_issuers(
    info: Info, realm: str, issuer: str | None, limit: int, offset: int
) -> list[TrustedJwtIssuer]:
    page = trust.TrustPage(limit=max(1, min(limit, 500)), offset=max(offset, 0), issuer=issuer)
    rows, _ = await trust.list_trusted_issuers(info.context.actor, realm, page)
    return [TrustedJwtIssuer(row=r) for r in rows]


@strawberry.input
class TrustedJwtIssuerInput:
    issuer: str
    jwk: JSON = strawberry.field(description="The issuer's public key as a JWK, with a kid.")
    expires_at: datetime
    subject: str = ""
    allow_any_subject: bool = False
    scope: list[str] = strawberry.field(default_factory=list)


@strawberry.type
class TrustedJwtIssuerPayload:
    trusted_issuer: TrustedJwtIssuer | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class TrustMutation:
    @mutation(
        description="Trust a JWT issuer for the jwt-bearer grant (needs the right to confer realm-admin)."
    )
    async def trusted_jwt_issuer_create(
        self, info: Info, realm: str, input: TrustedJwtIssuerInput
    ) -> TrustedJwtIssuerPayload:
        given = trust.trust_input(
            {
                "issuer": input.issuer,
                "subject": input.subject,
                "allow_any_subject": input.allow_any_subject,
                "scope": list(input.scope),
                "jwk": input.jwk,
                "expires_at": input.expires_at.isoformat(),
            }
        )
        row = await trust.trust_issuer(info.context.actor, realm, given)
        return TrustedJwtIssuerPayload(trusted_issuer=TrustedJwtIssuer(row=row))

    @mutation(description="Stop trusting an issuer's key: `trustId` as Hydra's API names it.")
    async def trusted_jwt_issuer_delete(self, info: Info, realm: str, trust_id: str) -> OkPayload:
        await trust.delete_trusted_issuer(info.context.actor, realm, trust_id)
        return OkPayload(ok=True)


register_node(TrustedJwtIssuer, trust.trusts_by_ids, lambda row: TrustedJwtIssuer(row=row))
