"""Event queries."""

from __future__ import annotations

import strawberry

from resolvers.events import config as events_config
from resolvers.events import records as events
from schema.events.types import AdminEvent, EventsConfig, LoginEvent
from schema.kit.context import Info
from schema.kit.relay import After, Connection, First, paginate


@strawberry.type
class EventsQuery:
    @strawberry.field(description="Admin events of a realm, newest first, with the Keycloak door's filters.")
    async def admin_events(
        self,
        info: Info,
        realm: str,
        first: First = None,
        after: After = None,
        operation_types: list[str] | None = None,
        resource_types: list[str] | None = None,
        resource_path: str | None = None,
        auth_user: str | None = None,
    ) -> Connection[AdminEvent]:
        actor = info.context.actor
        flt = events.AdminEventFilter(
            operation_types=operation_types or (),
            resource_types=resource_types or (),
            resource_path=resource_path,
            auth_user=auth_user,
        )
        page = await paginate(
            lambda start, limit: events.list_admin_events(actor, realm, flt, start, limit), first, after
        )
        return Connection.of(
            page.map(lambda e: AdminEvent(model=e)), lambda: events.count_admin_events(actor, realm, flt)
        )

    @strawberry.field(description="Login events of a realm, newest first.")
    async def login_events(
        self,
        info: Info,
        realm: str,
        first: First = None,
        after: After = None,
        types: list[str] | None = None,
        client: str | None = None,
        user: str | None = None,
    ) -> Connection[LoginEvent]:
        actor = info.context.actor
        flt = events.EventFilter(types=types or (), client=client, user=user)
        page = await paginate(
            lambda start, limit: events.list_events(actor, realm, flt, start, limit), first, after
        )
        return Connection.of(
            page.map(lambda e: LoginEvent(model=e)), lambda: events.count_events(actor, realm, flt)
        )

    @strawberry.field(description="The realm's events configuration.")
    async def events_config(self, info: Info, realm: str) -> EventsConfig:
        return EventsConfig.of(await events_config.get_events_config(info.context.actor, realm))
