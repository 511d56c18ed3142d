"""GraphQL for admin events, login events and the events configuration: the operations of the Keycloak
door's ``admin-events``, ``events`` and ``events/config``, over the same resolvers."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from core.errors import DomainError
from models import AdminEvent as AdminEventModel
from models import Event as EventModel
from resolvers.events import config as events_config
from resolvers.events import records as events
from resolvers.kit.fields import UNSET
from schema.context import Info
from schema.errors import MutationError, as_mutation_error
from schema.relay import After, Connection, First, connection, offset_of, page_size


@strawberry.type(description="A recorded administrative write.")
class AdminEvent:
    model: strawberry.Private[AdminEventModel]

    @strawberry.field(description="Milliseconds since the epoch.")
    def time(self) -> float:
        return float(self.model.time)

    @strawberry.field
    def operation_type(self) -> str:
        return self.model.operation_type

    @strawberry.field
    def resource_type(self) -> str:
        return self.model.resource_type

    @strawberry.field
    def resource_path(self) -> str:
        return self.model.resource_path

    @strawberry.field(description="The written representation, when the realm records details.")
    def representation(self) -> str | None:
        return self.model.representation

    @strawberry.field
    def auth_realm_id(self) -> str | None:
        return self.model.auth_realm_id

    @strawberry.field
    def auth_client_id(self) -> str | None:
        return self.model.auth_client_id

    @strawberry.field
    def auth_user_id(self) -> str | None:
        return self.model.auth_user_id

    @strawberry.field
    def auth_ip_address(self) -> str | None:
        return self.model.auth_ip_address


@strawberry.type(description="A login event (LOGIN, LOGIN_ERROR, LOGOUT, ...).")
class LoginEvent:
    model: strawberry.Private[EventModel]

    @strawberry.field(description="Milliseconds since the epoch.")
    def time(self) -> float:
        return float(self.model.time)

    @strawberry.field
    def type(self) -> str:
        return self.model.type

    @strawberry.field
    def client_id(self) -> str | None:
        return self.model.client_id

    @strawberry.field
    def user_id(self) -> str | None:
        return self.model.user_id

    @strawberry.field
    def session_id(self) -> str | None:
        return self.model.session_id

    @strawberry.field
    def ip_address(self) -> str | None:
        return self.model.ip_address

    @strawberry.field
    def error(self) -> str | None:
        return self.model.error

    @strawberry.field
    def details(self) -> JSON:
        return dict(self.model.details or {})


@strawberry.type
class EventsConfig:
    events_enabled: bool
    events_expiration: int | None
    events_listeners: list[str]
    enabled_event_types: list[str]
    admin_events_enabled: bool
    admin_events_details_enabled: bool


@strawberry.input
class EventsConfigInput:
    events_enabled: bool | None = None
    events_expiration: int | None = None
    events_listeners: list[str] | None = None
    enabled_event_types: list[str] | None = None
    admin_events_enabled: bool | None = None
    admin_events_details_enabled: bool | None = None


def _config(view: events_config.EventsConfig) -> EventsConfig:
    return EventsConfig(
        events_enabled=view.events_enabled,
        events_expiration=view.events_expiration,
        events_listeners=list(view.events_listeners),
        enabled_event_types=list(view.enabled_event_types),
        admin_events_enabled=view.admin_events_enabled,
        admin_events_details_enabled=view.admin_events_details_enabled,
    )


@strawberry.type
class EventsConfigPayload:
    config: EventsConfig | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class ClearPayload:
    cleared: bool = False
    errors: list[MutationError] = strawberry.field(default_factory=list)


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
        actor, start, size = info.context.actor, offset_of(after), page_size(first)
        flt = events.AdminEventFilter(
            operation_types=operation_types or (),
            resource_types=resource_types or (),
            resource_path=resource_path,
            auth_user=auth_user,
        )
        rows = await events.list_admin_events(actor, realm, flt, start, size + 1)
        return connection(
            [AdminEvent(model=e) for e in rows],
            start,
            size,
            lambda: events.count_admin_events(actor, realm, flt),
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
        actor, start, size = info.context.actor, offset_of(after), page_size(first)
        flt = events.EventFilter(types=types or (), client=client, user=user)
        rows = await events.list_events(actor, realm, flt, start, size + 1)
        return connection(
            [LoginEvent(model=e) for e in rows], start, size, lambda: events.count_events(actor, realm, flt)
        )

    @strawberry.field(description="The realm's events configuration.")
    async def events_config(self, info: Info, realm: str) -> EventsConfig:
        return _config(await events_config.get_events_config(info.context.actor, realm))


@strawberry.type
class EventsMutation:
    @strawberry.mutation
    async def events_config_update(
        self, info: Info, realm: str, input: EventsConfigInput
    ) -> EventsConfigPayload:
        change = events_config.EventsConfigChange(
            **{
                attr: UNSET if getattr(input, attr) is None else getattr(input, attr)
                for attr in events_config.SETTING_OF
            }
        )
        try:
            config = await events_config.update_events_config(info.context.actor, realm, change)
            return EventsConfigPayload(config=_config(config))
        except DomainError as exc:
            return EventsConfigPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def admin_events_clear(self, info: Info, realm: str) -> ClearPayload:
        try:
            await events.delete_admin_events(info.context.actor, realm)
            return ClearPayload(cleared=True)
        except DomainError as exc:
            return ClearPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation
    async def login_events_clear(self, info: Info, realm: str) -> ClearPayload:
        try:
            await events.delete_events(info.context.actor, realm)
            return ClearPayload(cleared=True)
        except DomainError as exc:
            return ClearPayload(errors=[as_mutation_error(exc)])
