"""Authentication flows, their executions, authenticator configurations and required actions: what a
realm runs to log a user (or a client) in, kept as data the admin endpoints edit.

An execution runs either an authenticator (``authenticator``) or a sub-flow (``sub_flow_id``) inside its
parent flow, ordered by ``priority``. Deleting a flow deletes its executions; sub-flows are deleted by the
rules that delete their executions, as Keycloak does it (a sub-flow is a flow of its own).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import id_field

if TYPE_CHECKING:
    from models.realm import Realm


class AuthenticationFlow(Model):
    """A flow (``basic-flow``, ``form-flow`` or ``client-flow``), top-level or a sub-flow."""

    id = id_field()
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="authentication_flows", on_delete=fields.CASCADE
    )
    realm_id: str
    alias = fields.CharField(max_length=255)
    description = fields.TextField(null=True)
    provider_id = fields.CharField(max_length=64, default="basic-flow")
    top_level = fields.BooleanField(default=False)
    built_in = fields.BooleanField(default=False)

    class Meta:
        table = "authentication_flow"
        unique_together = (("realm", "alias"),)


class AuthenticationExecution(Model):
    """One step of a flow: an authenticator, or a sub-flow (``authenticator_flow``)."""

    id = id_field()
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="authentication_executions", on_delete=fields.CASCADE
    )
    realm_id: str
    parent_flow: fields.ForeignKeyRelation[AuthenticationFlow] = fields.ForeignKeyField(
        "models.AuthenticationFlow", related_name="executions", on_delete=fields.CASCADE
    )
    parent_flow_id: str
    authenticator = fields.CharField(max_length=255, null=True)
    authenticator_flow = fields.BooleanField(default=False)
    # The sub-flow's id: a plain column, since a flow may be the sub-flow of no execution yet.
    sub_flow_id = fields.CharField(max_length=64, null=True)
    requirement = fields.CharField(max_length=16, default="DISABLED")
    priority = fields.IntField(default=0)
    authenticator_config = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "authentication_execution"
        indexes = (("parent_flow_id", "priority"), ("sub_flow_id",))


class AuthenticatorConfig(Model):
    """The settings of an execution's authenticator, by Keycloak's names."""

    id = id_field()
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="authenticator_configs", on_delete=fields.CASCADE
    )
    realm_id: str
    alias = fields.CharField(max_length=255, null=True)
    config: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "authenticator_config"
        indexes = (("realm_id", "alias"),)


class RequiredAction(Model):
    """A required action registered in a realm (UPDATE_PASSWORD, CONFIGURE_TOTP, ...)."""

    id = id_field()
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="required_actions", on_delete=fields.CASCADE
    )
    realm_id: str
    alias = fields.CharField(max_length=255)
    name = fields.CharField(max_length=255, null=True)
    provider_id = fields.CharField(max_length=255)
    enabled = fields.BooleanField(default=True)
    default_action = fields.BooleanField(default=False)
    priority = fields.IntField(default=0)
    config: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "required_action"
        unique_together = (("realm", "alias"),)
