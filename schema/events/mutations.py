"""Event mutations: the events configuration and clearing the stores."""

from __future__ import annotations

import strawberry

from resolvers.events import records as events
from resolvers.realms import crud as realms
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
        actor = info.context.actor
        await realms.update_events_config(actor, realm, input.representation())
        return EventsConfigPayload(config=EventsConfig.of(await events.get_events_config(actor, realm)))

    @mutation()
    async def admin_events_clear(self, info: Info, realm: str) -> ClearPayload:
        await events.delete_admin_events(info.context.actor, realm)
        return ClearPayload(cleared=True)

    @mutation()
    async def login_events_clear(self, info: Info, realm: str) -> ClearPayload:
        await events.delete_events(info.context.actor, realm)
        return ClearPayload(cleared=True)
