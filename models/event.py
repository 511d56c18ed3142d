from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import now_ms

if TYPE_CHECKING:
    from models.realm import Realm


class AdminEvent(Model):
    """An administrative write, recorded in the same transaction as the write itself."""

    id = fields.BigIntField(primary_key=True)
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="admin_events", on_delete=fields.CASCADE
    )
    realm_id: str
    time = fields.BigIntField(default=now_ms)
    operation_type = fields.CharField(max_length=16)
    resource_type = fields.CharField(max_length=64)
    resource_path = fields.CharField(max_length=1024)
    representation = fields.TextField(null=True)
    error = fields.TextField(null=True)
    auth_realm_id = fields.CharField(max_length=64, null=True)
    auth_client_id = fields.CharField(max_length=64, null=True)
    auth_user_id = fields.CharField(max_length=64, null=True)
    auth_ip_address = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "admin_event"
        indexes = (("realm_id", "time"),)


class Event(Model):
    """A login event (LOGIN, LOGIN_ERROR, LOGOUT, ...), recorded when the realm enables events."""

    id = fields.BigIntField(primary_key=True)
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="events", on_delete=fields.CASCADE
    )
    realm_id: str
    time = fields.BigIntField(default=now_ms)
    type = fields.CharField(max_length=64)
    client_id = fields.CharField(max_length=255, null=True)
    user_id = fields.CharField(max_length=64, null=True)
    session_id = fields.CharField(max_length=64, null=True)
    ip_address = fields.CharField(max_length=64, null=True)
    error = fields.CharField(max_length=255, null=True)
    details: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "event"
        indexes = (("realm_id", "time"),)
