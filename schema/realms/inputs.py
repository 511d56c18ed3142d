"""Realm inputs, read into the typed fields the realm resolvers take."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.realms.crud import RealmFields
from schema.kit.inputs import json_object


@strawberry.input(description="Realm fields; `settings` takes any RealmRepresentation setting by its name.")
class RealmInput:
    name: str | None = None
    enabled: bool | None = None
    display_name: str | None = None
    settings: JSON | None = None

    def fields(self) -> RealmFields:
        return RealmFields(
            name=self.name,
            enabled=self.enabled,
            display_name=self.display_name,
            settings=json_object(self.settings, "settings"),
        )
