"""The schema object, with parser and validation caches, limits on query size and the error mask."""

from __future__ import annotations

from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types

from schema.acp import AcpMutation, AcpQuery
from schema.events import EventsMutation, EventsQuery
from schema.identity import IdentityMutation, IdentityQuery
from schema.lowball import LowballMutation, LowballQuery
from schema.masking import MaskUnexpectedErrors, PlainStringLiterals, Schema
from schema.mutations import Mutation as CoreMutation
from schema.queries import Query as CoreQuery
from schema.types import Realm, User
from schema.user_admin import UserAdminMutation, UserAdminQuery

# Each domain area contributes its own Query and Mutation classes; they are merged into the roots here.
QUERIES: tuple[type, ...] = (CoreQuery, EventsQuery, IdentityQuery, AcpQuery, LowballQuery, UserAdminQuery)
MUTATIONS: tuple[type, ...] = (
    CoreMutation,
    EventsMutation,
    IdentityMutation,
    AcpMutation,
    LowballMutation,
    UserAdminMutation,
)

# The depth and alias limits as validation rule classes made once: a limiter made per request makes new
# rule classes each time, and the validation cache (keyed by the rules) would then never hit.
_LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=12).validation_rules,
    *MaxAliasesLimiter(max_alias_count=30).validation_rules,
    PlainStringLiterals,
]

Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS)

schema = Schema(
    query=Query,
    mutation=Mutation,
    types=[Realm, User],
    extensions=[
        # Factories: a fresh extension per request. The parse and validation caches live at module
        # level, so they are shared across requests all the same.
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        lambda: MaxTokensLimiter(max_token_count=5000),
        lambda: AddValidationRules(_LIMIT_RULES),
        MaskUnexpectedErrors,
    ],
)
