"""The lowball token type."""

from __future__ import annotations

from datetime import datetime

import strawberry

from core.lowball_token import LowballTokenData
from schema.kit.node import Node, register_node
from schema.kit.relay import Page, PageInfo
from schema.lowball.dataloaders import visible_tokens


@strawberry.type(description="A lowball token: a token row of kind lowball, for a user of the lowball realm.")
class LowballToken(Node):
    data: strawberry.Private[LowballTokenData]

    def node_key(self) -> str:
        return self.data.token_id

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


# A live token is visible to its own client and to lowball admins (the rule of tokens.get_token).
register_node(LowballToken, visible_tokens, lambda data: LowballToken(data=data))


@strawberry.type
class LowballTokenEdge:
    cursor: str
    node: LowballToken


@strawberry.type
class LowballTokenConnection:
    edges: list[LowballTokenEdge]
    page_info: PageInfo
    total_count: int

    @classmethod
    def of(cls, page: Page[LowballToken], total: int) -> LowballTokenConnection:
        edges = [LowballTokenEdge(cursor=c, node=n) for c, n in zip(page.cursors(), page.nodes, strict=True)]
        return cls(edges=edges, page_info=page.page_info(), total_count=total)
