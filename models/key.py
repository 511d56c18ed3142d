from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import now_ms

if TYPE_CHECKING:
    from models.component import Component
    from models.realm import Realm


class Key(Model):
    """A key of a realm. private_enc is the private JWK encrypted with the key-encryption key, which never
    lives in the database. A key made by a key provider component belongs to it (and goes with it);
    ``active`` keys sign, passive ones only verify, disabled ones (``enabled`` false) do neither."""

    kid = fields.CharField(max_length=64, primary_key=True)
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="keys", on_delete=fields.CASCADE
    )
    realm_id: str
    set_name = fields.CharField(max_length=255, default="")
    algorithm = fields.CharField(max_length=16, default="RS256")
    use = fields.CharField(max_length=8, default="sig")
    public_jwk: fields.JSONField[Any] = fields.JSONField()
    private_enc = fields.TextField(null=True)
    active = fields.BooleanField(default=True)
    enabled = fields.BooleanField(default=True)
    component: fields.ForeignKeyNullableRelation[Component] = fields.ForeignKeyField(
        "models.Component", related_name="keys", on_delete=fields.CASCADE, null=True
    )
    component_id: str | None
    priority = fields.IntField(default=100)
    created_at = fields.BigIntField(default=now_ms)

    class Meta:
        table = "iam_key"
        indexes = (("realm_id", "set_name"),)
