"""Event types and the events configuration."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from models import AdminEvent as AdminEventModel
from models import Event as EventModel
from resolvers.events import config as events_config


@strawberry.type(description="A recorded administrative write.")
class AdminEvent:
    model: strawberry.Private[AdminEventModel]

    @strawberry.field(
        description="The event's place in the event stream (increasing in commit order): pass it as "
        "`after` to a subscription to resume after this event."
    )
    def event_id(self) -> str:
        return str(self.model.id)

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

    @strawberry.field(
        description="The event's place in the event stream (increasing in commit order): pass it as "
        "`after` to a subscription to resume after this event."
    )
    def event_id(self) -> str:
        return str(self.model.id)

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
        return JSON(dict(self.model.details or {}))


@strawberry.type
class EventsConfig:
    events_enabled: bool
    events_expiration: int | None
    events_listeners: list[str]
    enabled_event_types: list[str]
    admin_events_enabled: bool
    admin_events_details_enabled: bool

    @classmethod
    def of(cls, view: events_config.EventsConfig) -> EventsConfig:
        return cls(
            events_enabled=view.events_enabled,
            events_expiration=view.events_expiration,
            events_listeners=list(view.events_listeners),
            enabled_event_types=list(view.enabled_event_types),
            admin_events_enabled=view.admin_events_enabled,
            admin_events_details_enabled=view.admin_events_details_enabled,
        )
