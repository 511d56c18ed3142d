from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.base import id_field, now_ms


class Realm(Model):
    """A realm. Rules read its settings from config: the whole RealmRepresentation minus what has
    its own table (users, clients, roles, groups, keys), unknown keys kept as given."""

    id = id_field()
    name = fields.CharField(max_length=255, unique=True)
    enabled = fields.BooleanField(default=True)
    config: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    created_at = fields.BigIntField(default=now_ms)

    class Meta:
        table = "realm"
