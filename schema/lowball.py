"""lowball tokens in the graph: list, mint and revoke them with the resolvers the /builtins dialect uses.

GraphQL callers are Keycloak-admin actors: they reach their own lowball tokens, and anyone's with
manage-users in the lowball realm.
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from core.errors import DomainError
from core.lowball_token import LowballTokenData
from resolvers.lowball import tokens as lowball
from schema.context import Info
from schema.errors import MutationError, as_mutation_error
from schema.relay import After, First, PageInfo, cursor, offset_of, page_info, page_size


@strawberry.type(description="A lowball token: a token row of kind lowball, for a user of the lowball realm.")
class LowballToken:
    data: strawberry.Private[LowballTokenData]

    @strawberry.field(description="The token id (lowball's `tid`).")
    def tid(self) -> str:
        return self.data.token_id

    @strawberry.field(description="The client (username) the token is for (`cid`).")
    def client_id(self) -> str:
        return self.data.client_id

    @strawberry.field(description="The roles the token carries (`r`).")
    def roles(self) -> list[str]:
        return list(self.data.roles)

    @strawberry.field(description="When the token was made (`cts`, UTC).")
    def created(self) -> datetime:
        return self.data.created

    @strawberry.field(description="When the token expires (`ets`, UTC).")
    def expires(self) -> datetime:
        return self.data.expires

    @strawberry.field(description="The client that asked for the token (`rcid`).")
    def requesting_client_id(self) -> str:
        return self.data.requester


@strawberry.type
class LowballTokenEdge:
    cursor: str
    node: LowballToken


@strawberry.type
class LowballTokenConnection:
    edges: list[LowballTokenEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class LowballTokenPayload:
    token: LowballToken | None = None
    jwt: str | None = strawberry.field(
        default=None, description="The token string, to send as a Bearer token."
    )
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class LowballTokenRevokePayload:
    revoked_id: str | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class LowballQuery:
    @strawberry.field(
        description="Live lowball tokens of one client; without clientId, every client's for a "
        "caller with manage-users in the lowball realm, else the caller's own."
    )
    async def lowball_tokens(
        self, info: Info, client_id: str | None = None, first: First = None, after: After = None
    ) -> LowballTokenConnection:
        found = await lowball.reachable_tokens(info.context.actor, client_id)
        start, size = offset_of(after), page_size(first)
        page = found[start : start + size]
        edges = [
            LowballTokenEdge(cursor=cursor(start + i), node=LowballToken(data=t)) for i, t in enumerate(page)
        ]
        return LowballTokenConnection(
            edges=edges,
            page_info=page_info(start, len(page), len(found) > start + size),
            total_count=len(found),
        )


@strawberry.type
class LowballMutation:
    @strawberry.mutation(
        description="Mint a lowball token for a client (the caller by default); the roles must "
        "be ones the client holds, tokenLife is 10 s to 30 days."
    )
    async def lowball_token_create(
        self,
        info: Info,
        client_id: str | None = None,
        roles: list[str] | None = None,
        token_life: int | None = None,
    ) -> LowballTokenPayload:
        try:
            request = lowball.TokenRequest(client_id=client_id, roles=tuple(roles or ()), life=token_life)
            issued = await lowball.create_token(info.context.actor, request)
            return LowballTokenPayload(token=LowballToken(data=issued.data), jwt=issued.token)
        except DomainError as exc:
            return LowballTokenPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation(description="Revoke a lowball token by its id.")
    async def lowball_token_revoke(self, info: Info, token_id: str) -> LowballTokenRevokePayload:
        try:
            await lowball.revoke_token(info.context.actor, token_id)
            return LowballTokenRevokePayload(revoked_id=token_id)
        except DomainError as exc:
            return LowballTokenRevokePayload(errors=[as_mutation_error(exc)])
