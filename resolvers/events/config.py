"""A realm's events configuration: whether login and admin events are recorded, for how long, which
types, and whether admin events keep the written representation. Stored among the realm's settings."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import InvalidInput
from resolvers.events.records import record_admin_event
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.fields import UNSET, Unset
from resolvers.realms.defaults import setting

# Each field of the configuration and the realm setting holding it (Keycloak's name).
SETTING_OF = {
    "events_enabled": "eventsEnabled",
    "events_expiration": "eventsExpiration",
    "events_listeners": "eventsListeners",
    "enabled_event_types": "enabledEventTypes",
    "admin_events_enabled": "adminEventsEnabled",
    "admin_events_details_enabled": "adminEventsDetailsEnabled",
}


@dataclass(frozen=True)
class EventsConfig:
    """The configuration as it applies (defaults filled in)."""

    events_enabled: bool
    events_expiration: int | None
    events_listeners: list[str]
    enabled_event_types: list[str]
    admin_events_enabled: bool
    admin_events_details_enabled: bool


@dataclass(frozen=True)
class EventsConfigChange:
    """A change to the configuration: a field left ``UNSET`` stays as it is, ``None`` puts it back to its
    default. Values come from the caller unchecked; ``update_events_config`` checks them."""

    events_enabled: bool | Unset | None = UNSET
    events_expiration: int | Unset | None = UNSET
    events_listeners: list[str] | Unset | None = UNSET
    enabled_event_types: list[str] | Unset | None = UNSET
    admin_events_enabled: bool | Unset | None = UNSET
    admin_events_details_enabled: bool | Unset | None = UNSET

    def settings(self) -> dict[str, Any]:
        """The realm settings this change writes, by Keycloak's names."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not UNSET:
                out[SETTING_OF[f.name]] = value
        return out


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def events_config_of(config: dict[str, Any]) -> EventsConfig:
    """The configuration held by a realm's settings document."""
    expiration = setting(config, "eventsExpiration")
    return EventsConfig(
        events_enabled=bool(setting(config, "eventsEnabled")),
        events_expiration=expiration if isinstance(expiration, int) else None,
        events_listeners=_strings(setting(config, "eventsListeners")),
        enabled_event_types=_strings(setting(config, "enabledEventTypes")),
        admin_events_enabled=bool(setting(config, "adminEventsEnabled")),
        admin_events_details_enabled=bool(setting(config, "adminEventsDetailsEnabled")),
    )


def check_events_settings(settings: dict[str, Any]) -> None:
    """The events settings the configuration reads must have its types (a realm update may write them
    too); ``None`` is always allowed: it means the default."""
    for key in ("eventsEnabled", "adminEventsEnabled", "adminEventsDetailsEnabled"):
        value = settings.get(key)
        if value is not None and not isinstance(value, bool):
            raise InvalidInput(f"{key} must be a boolean", field=key)
    expiration = settings.get("eventsExpiration")
    if expiration is not None and (isinstance(expiration, bool) or not isinstance(expiration, int)):
        raise InvalidInput("eventsExpiration must be an integer", field="eventsExpiration")
    for key in ("eventsListeners", "enabledEventTypes"):
        value = settings.get(key)
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            raise InvalidInput(f"{key} must be a list of strings", field=key)


async def get_events_config(actor: Actor | None, realm_name: str) -> EventsConfig:
    rights.require(actor, realm_name, "view-events")
    realm = await lookup.realm_by_name(realm_name)
    return events_config_of(realm.config)


async def update_events_config(
    actor: Actor | None, realm_name: str, change: EventsConfigChange, *, representation: Any = None
) -> EventsConfig:
    """Apply ``change``; the admin event records ``representation`` (the caller's document) or, without
    one, the settings written."""
    actor = rights.require(actor, realm_name, "manage-events")
    realm = await lookup.realm_by_name(realm_name)
    written = change.settings()
    check_events_settings(written)
    realm.config = realm.config | written
    async with in_transaction():
        await realm.save(update_fields=["config"])
        await record_admin_event(
            realm,
            actor,
            "UPDATE",
            "REALM",
            "events/config",
            written if representation is None else representation,
        )
    return events_config_of(realm.config)
