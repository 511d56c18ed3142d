from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import id_field

if TYPE_CHECKING:
    from models.realm import Realm


class Client(Model):
    """An OAuth2/OIDC client, for the Keycloak and the Hydra dialect alike.

    Columns hold what is searched or checked on every token request; ``config`` holds the rest of the
    configuration in Keycloak's ClientRepresentation names (unknown keys kept as given, like realm
    settings) plus OAuth2 client metadata in RFC 7591 names. Secrets and private keys are sealed with
    the key-encryption key, never stored plain; the registration access token is kept only as a hash.
    """

    id = id_field()
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="clients", on_delete=fields.CASCADE
    )
    realm_id: str
    client_id = fields.CharField(max_length=255)
    name = fields.CharField(max_length=255, null=True)
    description = fields.TextField(null=True)
    enabled = fields.BooleanField(default=True)
    protocol = fields.CharField(max_length=64, default="openid-connect")
    public_client = fields.BooleanField(default=False)
    bearer_only = fields.BooleanField(default=False)
    secret_enc = fields.TextField(null=True)
    standard_flow_enabled = fields.BooleanField(default=True)
    implicit_flow_enabled = fields.BooleanField(default=False)
    direct_access_grants_enabled = fields.BooleanField(default=False)
    service_accounts_enabled = fields.BooleanField(default=False)
    root_url = fields.TextField(null=True)
    base_url = fields.TextField(null=True)
    redirect_uris: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    web_origins: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    attributes: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    config: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    owner = fields.CharField(max_length=255, null=True, db_index=True)
    not_before = fields.IntField(default=0)
    secret_rotated_enc: str | None = fields.TextField(null=True)
    secret_rotated_expires_at = fields.IntField(null=True)
    """When the rotated (previous) secret stops working, epoch seconds; null means it never expires."""
    registration_token_hash = fields.CharField(max_length=128, null=True, db_index=True)
    created_at = fields.IntField(default=0)

    class Meta:
        table = "client"
        unique_together = (("realm", "client_id"),)


class ClientInitialAccess(Model):
    """An initial access token for dynamic client registration; only its hash is kept."""

    id = id_field()
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="client_initial_access", on_delete=fields.CASCADE
    )
    realm_id: str
    token_hash = fields.CharField(max_length=128, db_index=True)
    timestamp = fields.IntField()
    expiration = fields.IntField(default=0)
    """Seconds after ``timestamp`` the token works; 0 for ever."""
    count = fields.IntField(default=0)
    remaining_count = fields.IntField(default=0)

    class Meta:
        table = "client_initial_access"
