"""The schema object; its documents are parsed and validated within the limits of ``schema.kit.guard``."""

from __future__ import annotations

from strawberry.extensions import AddValidationRules
from strawberry.tools import merge_types

from schema.acp.mutations import AcpMutation
from schema.acp.queries import AcpQuery
from schema.authentication.mutations import AuthenticationMutation
from schema.client_scopes.mutations import ClientScopeMutation
from schema.client_scopes.queries import ClientScopeQuery
from schema.clients.mutations import ClientMutation
from schema.clients.oauth2 import OAuth2ClientMutation
from schema.clients.queries import ClientQuery
from schema.events.mutations import EventsMutation
from schema.events.queries import EventsQuery
from schema.events.subscriptions import EventsSubscription
from schema.groups.mutations import GroupMutation
from schema.groups.queries import GroupQuery
from schema.identity_providers.mutations import IdentityProviderMutation
from schema.keys.mutations import KeyMutation
from schema.kit.execution import SlicedExecutionContext
from schema.kit.guard import DocumentGuard
from schema.kit.masking import MaskUnexpectedErrors, PlainStringLiterals, Schema
from schema.kit.node import NodeQuery, node_types
from schema.lowball.mutations import LowballMutation
from schema.lowball.queries import LowballQuery
from schema.oauth2.mutations import OAuth2Mutation
from schema.oauth2.queries import OAuth2Query
from schema.oauth2.trust import TrustMutation
from schema.realm_admin.mutations import RealmAdminMutation
from schema.realm_admin.queries import RealmAdminQuery
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
    ClientScopeQuery,
    AcpQuery,
    LowballQuery,
    OAuth2Query,
    RealmAdminQuery,
)
MUTATIONS: tuple[type, ...] = (
    RealmMutation,
    UserMutation,
    EventsMutation,
    GroupMutation,
    RoleMutation,
    ClientMutation,
    OAuth2ClientMutation,
    KeyMutation,
    IdentityProviderMutation,
    RealmAdminMutation,
    ClientScopeMutation,
    AuthenticationMutation,
    AcpMutation,
    LowballMutation,
    OAuth2Mutation,
    TrustMutation,
)

Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS)
SUBSCRIPTIONS: tuple[type, ...] = (EventsSubscription,)
Subscription = merge_types("Subscription", SUBSCRIPTIONS)

schema = Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    # Every Node type, so that node(id:) can answer one no other field reaches.
    types=[entry.cls for entry in node_types().values()],
    # Fresh extensions per request; the parse and validation caches live at module level. The added rule
    # joins the rules the guard validates with (and caches the verdict of).
    extensions=[lambda: AddValidationRules([PlainStringLiterals]), DocumentGuard, MaskUnexpectedErrors],
    execution_context_class=SlicedExecutionContext,
)
