"""Queries of the OAuth2 flows: auth requests, a subject's login sessions and tokens."""

from __future__ import annotations

import strawberry

from resolvers.oauth2 import listing
from schema.kit.context import Info
from schema.kit.relay import After, Connection, First, paginate
from schema.oauth2.types import OAuth2AuthRequest, OAuth2LoginSession, OAuth2RequestKind, OAuth2Token


@strawberry.type
class OAuth2Query:
    @strawberry.field(
        description="Login, consent and logout requests of the realm the flows serve, newest first;"
        " `pending` keeps the unhandled (true) or the handled (false) ones."
    )
    async def oauth2_auth_requests(
        self,
        info: Info,
        subject: str | None = None,
        kind: OAuth2RequestKind | None = None,
        pending: bool | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[OAuth2AuthRequest]:
        total = 0

        async def fetch(start: int, limit: int) -> list[OAuth2AuthRequest]:
            nonlocal total
            rows, total = await listing.list_requests(
                info.context.actor,
                subject=subject,
                kind=kind.value if kind else None,
                pending=pending,
                offset=start,
                limit=limit,
            )
            return [OAuth2AuthRequest(model=r) for r in rows]

        page = await paginate(fetch, first, after)
        return Connection.of(page, total)

    @strawberry.field(description="The subject's remembered logins.")
    async def oauth2_login_sessions(self, info: Info, subject: str) -> list[OAuth2LoginSession]:
        return [
            OAuth2LoginSession(model=s) for s in await listing.login_sessions(info.context.actor, subject)
        ]

    @strawberry.field(description="The token records issued in the subject's flows, newest first.")
    async def oauth2_tokens(
        self, info: Info, subject: str, first: First = None, after: After = None
    ) -> Connection[OAuth2Token]:
        async def fetch(start: int, limit: int) -> list[OAuth2Token]:
            rows = await listing.subject_tokens(info.context.actor, subject, start, limit)
            return [OAuth2Token(model=t) for t in rows]

        page = await paginate(fetch, first, after)

        return Connection.of(page, lambda: listing.count_subject_tokens(info.context.actor, subject))
