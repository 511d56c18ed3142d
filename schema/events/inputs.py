"""Events configuration input."""

from __future__ import annotations

from typing import Any

import strawberry

from schema.events.types import CONFIG_KEYS


@strawberry.input
class EventsConfigInput:
    events_enabled: bool | None = None
    events_expiration: int | None = None
    events_listeners: list[str] | None = None
    enabled_event_types: list[str] | None = None
    admin_events_enabled: bool | None = None
    admin_events_details_enabled: bool | None = None

    def representation(self) -> dict[str, Any]:
        """The given fields, in Keycloak's names."""
        return {
            key: getattr(self, attr) for attr, key in CONFIG_KEYS.items() if getattr(self, attr) is not None
        }
