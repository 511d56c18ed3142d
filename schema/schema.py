"""The schema object; its documents are parsed and validated within the limits of ``schema.guard``."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types

from schema.acp import AcpMutation, AcpQuery
from schema.events import EventsMutation, EventsQuery
from schema.execution import SlicedExecutionContext
from schema.guard import DocumentGuard
from schema.identity import IdentityMutation, IdentityQuery
from schema.lowball import LowballMutation, LowballQuery
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

Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS)

schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    types=[Realm, User],
    # A fresh extension per request; its parse and validation caches live at module level.
    extensions=[DocumentGuard],
    execution_context_class=SlicedExecutionContext,
)
