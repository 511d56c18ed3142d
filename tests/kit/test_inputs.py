"""Typed inputs of realms and of the events configuration, and the UNSET marker."""

from __future__ import annotations

from resolvers.events.config import EventsConfigChange, events_config_of
from resolvers.kit.fields import UNSET
from resolvers.realms.crud import RealmFields


def test_unset_is_falsy_and_distinct_from_none() -> None:
    assert not UNSET and UNSET is not None and repr(UNSET) == "UNSET"


def test_realm_fields_representation_names_fields_as_keycloak_does() -> None:
    fields = RealmFields(
        name="demo", enabled=True, display_name="Demo", settings={"displayName": "x", "a": 1}
    )
    assert fields.representation() == {"realm": "demo", "enabled": True, "displayName": "Demo", "a": 1}
    assert RealmFields().representation() == {}


def test_events_config_change_writes_only_what_it_names() -> None:
    change = EventsConfigChange(events_enabled=True, events_expiration=None)
    assert change.settings() == {"eventsEnabled": True, "eventsExpiration": None}
    assert EventsConfigChange().settings() == {}


def test_events_config_view_fills_defaults_and_ignores_foreign_types() -> None:
    view = events_config_of(
        {"eventsEnabled": True, "eventsExpiration": 60, "enabledEventTypes": ["LOGIN", 3]}
    )
    assert view.events_enabled and view.events_expiration == 60
    assert view.events_listeners == ["jboss-logging"] and view.enabled_event_types == ["LOGIN"]
    assert not view.admin_events_enabled and not view.admin_events_details_enabled
    assert events_config_of({"eventsExpiration": "soon"}).events_expiration is None
