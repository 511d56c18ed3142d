from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import id_field, now_ms

if TYPE_CHECKING:
    from models.client import Client
    from models.realm import Realm
    from models.user import User


class Session(Model):
    """A user (or service-account) session. Deleting it revokes every token issued within it."""

    id = id_field()
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="sessions", on_delete=fields.CASCADE
    )
    realm_id: str
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", null=True, on_delete=fields.CASCADE
    )
    user_id: str | None
    client: fields.ForeignKeyNullableRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="sessions", null=True, on_delete=fields.CASCADE
    )
    client_id: str | None
    ip_address = fields.CharField(max_length=64, null=True)
    started = fields.BigIntField(default=now_ms)
    last_access = fields.BigIntField(default=now_ms)
    offline = fields.BooleanField(default=False)

    class Meta:
        table = "session"
        indexes = (("user_id",), ("client_id",), ("realm_id",))


class Token(Model):
    """An issued token: the record that makes introspection and revocation immediate, in every instance."""

    id = fields.CharField(max_length=64, primary_key=True)
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="tokens", on_delete=fields.CASCADE
    )
    realm_id: str
    kind = fields.CharField(max_length=16)
    session: fields.ForeignKeyNullableRelation[Session] = fields.ForeignKeyField(
        "models.Session", related_name="tokens", null=True, on_delete=fields.CASCADE
    )
    session_id: str | None
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="tokens", null=True, on_delete=fields.CASCADE
    )
    user_id: str | None
    client: fields.ForeignKeyNullableRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="tokens", null=True, on_delete=fields.CASCADE
    )
    client_id: str | None
    issued_at = fields.BigIntField(default=now_ms)
    expires_at = fields.BigIntField()
    revoked = fields.BooleanField(default=False)
    scope = fields.TextField(default="")
    data: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "token"
        indexes = (
            ("session_id",),
            ("user_id", "kind"),
            ("expires_at",),
            ("realm_id", "kind"),
            ("client_id",),
        )
