"""The Keycloak dialect's translation of its JSON into the resolvers' typed inputs, and its pure
mappers of the events configuration."""

from __future__ import annotations

import pytest

from core.errors import InvalidInput
from resolvers.events.config import EventsConfig
from resolvers.kit.fields import UNSET
from rest_compat.keycloak.events import events_config_change_from
from rest_compat.keycloak.mappers import to_events_config_representation
from rest_compat.keycloak.realms import realm_fields_from
from rest_compat.keycloak.roles import role_fields_from, role_refs


def test_realm_representation_splits_into_fields_and_settings() -> None:
    fields = realm_fields_from(
        {"realm": "demo", "id": "d1", "enabled": True, "displayName": "Demo", "users": [], "roles": {}}
    )
    assert (fields.name, fields.realm_id, fields.enabled, fields.display_name) == ("demo", "d1", True, None)
    assert dict(fields.settings) == {"displayName": "Demo"}


def test_events_config_representation_names_what_changes() -> None:
    change = events_config_change_from({"eventsEnabled": True, "eventsExpiration": None})
    assert change.events_enabled is True and change.events_expiration is None
    assert change.admin_events_enabled is UNSET
    with pytest.raises(InvalidInput, match="Unknown events config fields: nope"):
        events_config_change_from({"nope": 1, "eventsEnabled": True})


def test_events_config_mapper_leaves_out_an_unset_expiration() -> None:
    view = EventsConfig(False, None, ["jboss-logging"], [], True, False)
    assert to_events_config_representation(view) == {
        "eventsEnabled": False,
        "eventsListeners": ["jboss-logging"],
        "enabledEventTypes": [],
        "adminEventsEnabled": True,
        "adminEventsDetailsEnabled": False,
    }


def test_role_bodies() -> None:
    fields = role_fields_from({"name": "r", "attributes": {"a": ["1"]}, "composite": True})
    assert (fields.name, fields.description, fields.attributes) == ("r", None, {"a": ["1"]})
    assert [(r.id, r.name) for r in role_refs([{"id": "1"}, {"name": "n"}])] == [("1", None), (None, "n")]
    with pytest.raises(InvalidInput):
        role_refs([{}])
