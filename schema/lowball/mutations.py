"""lowball token mutations."""

from __future__ import annotations

import strawberry

from resolvers.lowball import tokens
from schema.kit.context import Info
from schema.kit.mutations import MutationError, mutation
from schema.lowball.types import LowballToken


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
class LowballMutation:
    @mutation(
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
        wanted = tokens.TokenRequest(client_id=client_id, roles=tuple(roles or ()), life=token_life)
        issued = await tokens.create_token(info.context.actor, wanted)
        return LowballTokenPayload(token=LowballToken(data=issued.data), jwt=issued.token)

    @mutation(description="Revoke a lowball token by its id.")
    async def lowball_token_revoke(self, info: Info, token_id: str) -> LowballTokenRevokePayload:
        await tokens.revoke_token(info.context.actor, token_id)
        return LowballTokenRevokePayload(revoked_id=token_id)
