"""Event types and the events configuration."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from models import AdminEvent as AdminEventModel
from models import Event as EventModel

# GraphQL field to the realm setting it shows, in Keycloak's names.
CONFIG_KEYS = {
    "events_enabled": "eventsEnabled",
    "events_expiration": "eventsExpiration",
    "events_listeners": "eventsListeners",
    "enabled_event_types": "enabledEventTypes",
    "admin_events_enabled": "adminEventsEnabled",
    "admin_events_details_enabled": "adminEventsDetailsEnabled",
}


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
    def of(cls, settings: dict[str, Any]) -> EventsConfig:
        """The configuration from the realm's settings, as ``get_events_config`` reads them."""
        value = {attr: settings.get(key) for attr, key in CONFIG_KEYS.items()}
        return cls(
            events_enabled=bool(value["events_enabled"]),
            events_expiration=value["events_expiration"],
            events_listeners=list(value["events_listeners"] or []),
            enabled_event_types=list(value["enabled_event_types"] or []),
            admin_events_enabled=bool(value["admin_events_enabled"]),
            admin_events_details_enabled=bool(value["admin_events_details_enabled"]),
        )
