"""The schema object, assembled from each aggregate's Query and Mutation classes, with parser and
validation caches and limits on query size."""

from __future__ import annotations

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types

from schema.acp.mutations import AcpMutation
from schema.acp.queries import AcpQuery
from schema.clients.mutations import ClientMutation
from schema.clients.queries import ClientQuery
from schema.events.mutations import EventsMutation
from schema.events.queries import EventsQuery
from schema.groups.mutations import GroupMutation
from schema.groups.queries import GroupQuery
from schema.kit.node import NodeQuery, node_types
from schema.lowball.mutations import LowballMutation
from schema.lowball.queries import LowballQuery
from schema.realms.mutations import RealmMutation
from schema.realms.queries import RealmQuery
from schema.roles.mutations import RoleMutation
from schema.roles.queries import RoleQuery
from schema.users.mutations import UserMutation
from schema.users.queries import UserQuery

# Each aggregate contributes its own Query and Mutation classes; they are merged into the roots here.
QUERIES: tuple[type, ...] = (
    RealmQuery,
    UserQuery,
    NodeQuery,
    EventsQuery,
    GroupQuery,
    RoleQuery,
    ClientQuery,
    AcpQuery,
    LowballQuery,
)
MUTATIONS: tuple[type, ...] = (
    RealmMutation,
    UserMutation,
    EventsMutation,
    GroupMutation,
    RoleMutation,
    ClientMutation,
    AcpMutation,
    LowballMutation,
)

# The depth and alias limits as validation rule classes made once: a limiter made per request makes new
# rule classes each time, and the validation cache (keyed by the rules) would then never hit.
_LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=12).validation_rules,
    *MaxAliasesLimiter(max_alias_count=30).validation_rules,
]

Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS)

schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    # Every Node type, so that node(id:) can answer one no other field reaches.
    types=[entry.cls for entry in node_types().values()],
    extensions=[
        # Factories: a fresh extension per request. The parse and validation caches live at module
        # level, so they are shared across requests all the same.
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        lambda: MaxTokensLimiter(max_token_count=5000),
        lambda: AddValidationRules(_LIMIT_RULES),
    ],
)
