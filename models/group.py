from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import id_field

if TYPE_CHECKING:
    from models.realm import Realm
    from models.role import Role
    from models.user import User


class Group(Model):
    """A node of a realm's group tree. The full path (like /a/b) is kept in step by the resolvers."""

    id = id_field()
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="groups", on_delete=fields.CASCADE
    )
    realm_id: str
    parent: fields.ForeignKeyNullableRelation[Group] = fields.ForeignKeyField(
        "models.Group", related_name="children", null=True, on_delete=fields.CASCADE
    )
    parent_id: str | None
    name = fields.CharField(max_length=255)
    path = fields.CharField(max_length=1024)
    description = fields.TextField(null=True)
    attributes: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "iam_group"
        unique_together = (("realm", "path"),)
        # Top-level groups of a realm and the children of a group, both listed by name.
        indexes = (("parent_id", "name"), ("realm_id", "parent_id", "name"))


class GroupMembership(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="group_links", on_delete=fields.CASCADE
    )
    user_id: str
    group: fields.ForeignKeyRelation[Group] = fields.ForeignKeyField(
        "models.Group", related_name="member_links", on_delete=fields.CASCADE
    )
    group_id: str

    class Meta:
        table = "group_membership"
        unique_together = (("user", "group"),)
        indexes = (("group_id",),)


class GroupRoleMapping(Model):
    id = fields.BigIntField(primary_key=True)
    group: fields.ForeignKeyRelation[Group] = fields.ForeignKeyField(
        "models.Group", related_name="role_links", on_delete=fields.CASCADE
    )
    group_id: str
    role: fields.ForeignKeyRelation[Role] = fields.ForeignKeyField(
        "models.Role", related_name="group_links", on_delete=fields.CASCADE
    )
    role_id: str

    class Meta:
        table = "group_role_mapping"
        unique_together = (("group", "role"),)
        indexes = (("role_id",),)
