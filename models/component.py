from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import id_field, now_ms

if TYPE_CHECKING:
    from models.key import Key
    from models.realm import Realm


class Component(Model):
    """A Keycloak component of a realm (key provider, user profile, client registration policy, user
    storage...). ``config`` is Keycloak's MultivaluedHashMap: each key holds a list of strings; secrets
    in it are sealed (``resolvers/kit/secrets.py``)."""

    id = id_field()
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="components", on_delete=fields.CASCADE
    )
    realm_id: str
    name = fields.CharField(max_length=255)
    provider_id = fields.CharField(max_length=255)
    provider_type = fields.CharField(max_length=255)
    parent_id = fields.CharField(max_length=255, null=True)
    sub_type = fields.CharField(max_length=255, null=True)
    config: fields.JSONField[Any] = fields.JSONField(default=dict)
    created_at = fields.BigIntField(default=now_ms)
    keys: fields.ReverseRelation[Key]

    class Meta:
        table = "component"
        indexes = (("realm_id", "provider_type"),)
