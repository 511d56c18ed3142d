"""Events configuration input."""

from __future__ import annotations

import strawberry

from resolvers.events import config as events_config
from resolvers.kit.fields import UNSET


@strawberry.input
class EventsConfigInput:
    events_enabled: bool | None = None
    events_expiration: int | None = None
    events_listeners: list[str] | None = None
    enabled_event_types: list[str] | None = None
    admin_events_enabled: bool | None = None
    admin_events_details_enabled: bool | None = None

    def change(self) -> events_config.EventsConfigChange:
        """The given fields; the others stay as they are."""
        return events_config.EventsConfigChange(
            **{
                attr: UNSET if getattr(self, attr) is None else getattr(self, attr)
                for attr in events_config.SETTING_OF
            }
        )
