"""The schema object, with parser and validation caches and limits on query size."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, ParserCache, QueryDepthLimiter, ValidationCache

from schema.mutations import Mutation
from schema.queries import Query
from schema.types import Realm, User

schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    types=[Realm, User],
    extensions=[
        ParserCache(maxsize=512),
        ValidationCache(maxsize=512),
        QueryDepthLimiter(max_depth=12),
        MaxTokensLimiter(max_token_count=5000),
        MaxAliasesLimiter(max_alias_count=30),
    ],
)
