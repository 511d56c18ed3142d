"""Realm inputs, read into the realm representation the realm resolvers take."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from schema.kit.inputs import json_object


@strawberry.input(description="Realm fields; `settings` takes any RealmRepresentation setting by its name.")
class RealmInput:
    name: str | None = None
    enabled: bool | None = None
    display_name: str | None = None
    settings: JSON | None = None

    def representation(self) -> dict[str, Any]:
        rep = dict(json_object(self.settings, "settings"))
        if self.name is not None:
            rep["realm"] = self.name
        if self.enabled is not None:
            rep["enabled"] = self.enabled
        if self.display_name is not None:
            rep["displayName"] = self.display_name
        return rep
