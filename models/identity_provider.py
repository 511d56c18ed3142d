"""Identity providers a realm brokers logins to (another OpenID Connect server, a SAML IdP, a social
login), and the mappers that turn what they assert into the local user's attributes and roles.

A provider keeps its IdentityProviderRepresentation, minus the columns below, as one document in
Keycloak's names (``settings``): unknown keys are kept and given back, and the client secret inside its
``config`` is sealed (the secrets kit knows where). ``attributes`` holds only iamgraph's reserved switches
(fine-grained management permissions), never shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import id_field

if TYPE_CHECKING:
    from models.realm import Realm


class IdentityProvider(Model):
    id = id_field()
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="identity_providers", on_delete=fields.CASCADE
    )
    realm_id: str
    alias = fields.CharField(max_length=255)
    provider_id = fields.CharField(max_length=255)
    enabled = fields.BooleanField(default=True)
    settings: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    attributes: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "identity_provider"
        unique_together = (("realm", "alias"),)


class IdentityProviderMapper(Model):
    """A mapper of one provider: its type (``identityProviderMapper``) and settings."""

    id = id_field()
    identity_provider: fields.ForeignKeyRelation[IdentityProvider] = fields.ForeignKeyField(
        "models.IdentityProvider", related_name="mappers", on_delete=fields.CASCADE
    )
    identity_provider_id: str
    name = fields.CharField(max_length=255)
    mapper_type = fields.CharField(max_length=255)
    config: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "identity_provider_mapper"
        unique_together = (("identity_provider", "name"),)
