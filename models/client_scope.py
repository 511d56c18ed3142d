"""Client scopes, protocol mappers and scope mappings: what shapes the tokens a client is issued.

A protocol mapper or a scope mapping belongs either to a client or to a client scope (exactly one of the
two foreign keys is set), so deleting either takes its mappers and mappings with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import id_field

if TYPE_CHECKING:
    from models.client import Client
    from models.realm import Realm
    from models.role import Role


class ClientScope(Model):
    """A client scope (Keycloak's legacy name: client template)."""

    id = id_field()
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="client_scopes", on_delete=fields.CASCADE
    )
    realm_id: str
    name = fields.CharField(max_length=255)
    description = fields.TextField(null=True)
    protocol = fields.CharField(max_length=64, default="openid-connect")
    attributes: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "client_scope"
        unique_together = (("realm", "name"),)


class RealmDefaultScope(Model):
    """A realm's default (``default`` true) or optional client scope, given to every new client."""

    id = fields.BigIntField(primary_key=True)
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="default_scope_links", on_delete=fields.CASCADE
    )
    realm_id: str
    scope: fields.ForeignKeyRelation[ClientScope] = fields.ForeignKeyField(
        "models.ClientScope", related_name="realm_default_links", on_delete=fields.CASCADE
    )
    scope_id: str
    default = fields.BooleanField(default=True)

    class Meta:
        table = "realm_default_scope"
        unique_together = (("realm", "scope"),)


class ClientScopeLink(Model):
    """A client's default (``default`` true) or optional client scope."""

    id = fields.BigIntField(primary_key=True)
    client: fields.ForeignKeyRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="scope_links", on_delete=fields.CASCADE
    )
    client_id: str
    scope: fields.ForeignKeyRelation[ClientScope] = fields.ForeignKeyField(
        "models.ClientScope", related_name="client_links", on_delete=fields.CASCADE
    )
    scope_id: str
    default = fields.BooleanField(default=True)

    class Meta:
        table = "client_scope_link"
        unique_together = (("client", "scope"),)
        indexes = (("scope_id",),)


class ProtocolMapper(Model):
    """A protocol mapper of a client or of a client scope."""

    id = id_field()
    client: fields.ForeignKeyNullableRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="protocol_mappers", null=True, on_delete=fields.CASCADE
    )
    client_id: str | None
    scope: fields.ForeignKeyNullableRelation[ClientScope] = fields.ForeignKeyField(
        "models.ClientScope", related_name="protocol_mappers", null=True, on_delete=fields.CASCADE
    )
    scope_id: str | None
    # The client's or the scope's id: one unique index for the names of both kinds of owner.
    owner_id = fields.CharField(max_length=64)
    name = fields.CharField(max_length=255)
    protocol = fields.CharField(max_length=64, default="openid-connect")
    protocol_mapper = fields.CharField(max_length=255)
    consent_required = fields.BooleanField(default=False)
    config: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    position = fields.IntField(default=0)

    class Meta:
        table = "protocol_mapper"
        unique_together = (("owner_id", "protocol", "name"),)
        indexes = (("client_id",), ("scope_id",))


class ScopeMapping(Model):
    """A role in the scope of a client or of a client scope (what tokens may carry when the client's
    ``fullScopeAllowed`` is false)."""

    id = fields.BigIntField(primary_key=True)
    client: fields.ForeignKeyNullableRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="scope_mappings", null=True, on_delete=fields.CASCADE
    )
    client_id: str | None
    scope: fields.ForeignKeyNullableRelation[ClientScope] = fields.ForeignKeyField(
        "models.ClientScope", related_name="scope_mappings", null=True, on_delete=fields.CASCADE
    )
    scope_id: str | None
    owner_id = fields.CharField(max_length=64)
    role: fields.ForeignKeyRelation[Role] = fields.ForeignKeyField(
        "models.Role", related_name="scope_mapping_links", on_delete=fields.CASCADE
    )
    role_id: str

    class Meta:
        table = "scope_mapping"
        unique_together = (("owner_id", "role"),)
        indexes = (("role_id",),)
