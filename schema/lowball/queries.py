"""lowball token queries."""

from __future__ import annotations

import strawberry

from resolvers.lowball import tokens
from schema.kit.context import Info
from schema.kit.relay import After, First, paginate
from schema.lowball.types import LowballToken, LowballTokenConnection


@strawberry.type
class LowballQuery:
    @strawberry.field(
        description="Live lowball tokens of one client; without clientId, every client's for a "
        "caller with manage-users in the lowball realm, else the caller's own."
    )
    async def lowball_tokens(
        self, info: Info, client_id: str | None = None, first: First = None, after: After = None
    ) -> LowballTokenConnection:
        found = await tokens.reachable_tokens(info.context.actor, client_id)
        page = await paginate(found, first, after)
        return LowballTokenConnection.of(page.map(lambda t: LowballToken(data=t)), len(found))
