"""Event subscriptions: a realm's admin and login events, live, over the GraphQL WebSocket protocol."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from resolvers.events import stream
from schema.events.types import AdminEvent, LoginEvent
from schema.kit.context import Info

_AFTER = (
    "Resume after the event of this `eventId`: the stored events after it come first, then the live "
    "ones, so that nothing is lost across a reconnect. Without it, only events from now on."
)
Realm = Annotated[str, strawberry.argument(description="The realm's name.")]
EventAfter = Annotated[str | None, strawberry.argument(description=_AFTER)]
ResourceTypes = Annotated[
    list[str] | None,
    strawberry.argument(description="Only these resource types (USER, GROUP, ...); all when absent."),
]
OperationTypes = Annotated[
    list[str] | None,
    strawberry.argument(
        description="Only these operations (CREATE, UPDATE, DELETE, ACTION); all when absent."
    ),
]
LoginTypes = Annotated[
    list[str] | None,
    strawberry.argument(description="Only these event types (LOGIN, LOGIN_ERROR, ...); all when absent."),
]


@strawberry.type
class EventsSubscription:
    @strawberry.subscription(
        description="The realm's admin events as their writes commit, through any door of any instance "
        "on the database (needs view-events in the realm)."
    )
    async def admin_events(
        self,
        info: Info,
        realm: Realm,
        resource_types: ResourceTypes = None,
        operation_types: OperationTypes = None,
        after: EventAfter = None,
    ) -> AsyncGenerator[AdminEvent, None]:
        selection = stream.AdminEventSelection(
            resource_types=resource_types or (), operation_types=operation_types or ()
        )
        async for row in stream.admin_events(info.context.actor, realm, selection, after):
            yield AdminEvent(model=row)

    @strawberry.subscription(
        description="The realm's login events as they are recorded, by any instance on the database "
        "(needs view-events in the realm; recorded only while the realm enables events)."
    )
    async def login_events(
        self,
        info: Info,
        realm: Realm,
        types: LoginTypes = None,
        after: EventAfter = None,
    ) -> AsyncGenerator[LoginEvent, None]:
        selection = stream.LoginEventSelection(types=types or ())
        async for row in stream.login_events(info.context.actor, realm, selection, after):
            yield LoginEvent(model=row)
