"""lowball token queries."""

from __future__ import annotations

import strawberry

from resolvers.lowball import clients as lowball
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
        actor = info.context.actor
        target = client_id if client_id is not None else ("*" if actor and lowball.is_admin(actor) else None)
        found = await lowball.list_tokens(actor, target)
        page = await paginate(found, first, after)
        return LowballTokenConnection.of(page.map(lambda t: LowballToken(data=t)), len(found))
