"""Event mutations: the events configuration and clearing the stores."""

from __future__ import annotations

import strawberry

from resolvers.events import config as events_config
from resolvers.events import records as events
from schema.events.inputs import EventsConfigInput
from schema.events.types import EventsConfig
from schema.kit.context import Info
from schema.kit.mutations import MutationError, mutation


@strawberry.type
class EventsConfigPayload:
    config: EventsConfig | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class ClearPayload:
    cleared: bool = False
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class EventsMutation:
    @mutation()
    async def events_config_update(
        self, info: Info, realm: str, input: EventsConfigInput
    ) -> EventsConfigPayload:
        config = await events_config.update_events_config(info.context.actor, realm, input.change())
        return EventsConfigPayload(config=EventsConfig.of(config))

    @mutation()
    async def admin_events_clear(self, info: Info, realm: str) -> ClearPayload:
        await events.delete_admin_events(info.context.actor, realm)
        return ClearPayload(cleared=True)

    @mutation()
    async def login_events_clear(self, info: Info, realm: str) -> ClearPayload:
        await events.delete_events(info.context.actor, realm)
        return ClearPayload(cleared=True)
