from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.realm import Realm


class AcpPolicy(Model):
    """An access control policy (Ory Keto v0.5) of one flavor (exact, glob, regex) in a realm."""

    id = fields.BigIntField(primary_key=True)
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="acp_policies", on_delete=fields.CASCADE
    )
    realm_id: str
    flavor = fields.CharField(max_length=16)
    policy_id = fields.CharField(max_length=255)
    description = fields.TextField(default="")
    subjects: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    resources: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    actions: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    effect = fields.CharField(max_length=8, default="deny")
    conditions: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    meta: fields.JSONField[Any] = fields.JSONField(null=True)

    class Meta:
        table = "acp_policy"
        unique_together = (("realm", "flavor", "policy_id"),)


class AcpRole(Model):
    """An access control role (Ory Keto v0.5): a named set of subjects, per flavor."""

    id = fields.BigIntField(primary_key=True)
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="acp_roles", on_delete=fields.CASCADE
    )
    realm_id: str
    flavor = fields.CharField(max_length=16)
    role_id = fields.CharField(max_length=255)
    description = fields.TextField(default="")

    class Meta:
        table = "acp_role"
        unique_together = (("realm", "flavor", "role_id"),)


class AcpRoleMember(Model):
    id = fields.BigIntField(primary_key=True)
    role: fields.ForeignKeyRelation[AcpRole] = fields.ForeignKeyField(
        "models.AcpRole", related_name="members", on_delete=fields.CASCADE
    )
    role_id: str
    member = fields.CharField(max_length=255)

    class Meta:
        table = "acp_role_member"
        unique_together = (("role", "member"),)
        indexes = (("member",),)
