from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import id_field

if TYPE_CHECKING:
    from models.client import Client
    from models.realm import Realm
    from models.user import User


class Role(Model):
    """A realm role (client null) or a client role. container_id is the realm or client id, so that
    one unique index covers both kinds without relying on NULL semantics."""

    id = id_field()
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="roles", on_delete=fields.CASCADE
    )
    realm_id: str
    client: fields.ForeignKeyNullableRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="roles", null=True, on_delete=fields.CASCADE
    )
    client_id: str | None
    container_id = fields.CharField(max_length=64)
    name = fields.CharField(max_length=255)
    description = fields.TextField(null=True)
    attributes: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "role"
        unique_together = (("container_id", "name"),)
        indexes = (("realm_id", "client_id"), ("client_id",))


class RoleComposite(Model):
    id = fields.BigIntField(primary_key=True)
    parent: fields.ForeignKeyRelation[Role] = fields.ForeignKeyField(
        "models.Role", related_name="composite_links", on_delete=fields.CASCADE
    )
    child: fields.ForeignKeyRelation[Role] = fields.ForeignKeyField(
        "models.Role", related_name="parent_links", on_delete=fields.CASCADE
    )
    parent_id: str
    child_id: str

    class Meta:
        table = "role_composite"
        unique_together = (("parent", "child"),)
        indexes = (("child_id",),)


class UserRoleMapping(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="role_links", on_delete=fields.CASCADE
    )
    user_id: str
    role: fields.ForeignKeyRelation[Role] = fields.ForeignKeyField(
        "models.Role", related_name="user_links", on_delete=fields.CASCADE
    )
    role_id: str

    class Meta:
        table = "user_role_mapping"
        unique_together = (("user", "role"),)
        indexes = (("role_id",),)
