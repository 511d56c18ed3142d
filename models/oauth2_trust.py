"""RFC 7523 trust: the JWT issuers whose assertions the ``jwt-bearer`` grant accepts (Hydra's trusted JWT
grant issuers), and the ``jti`` of every assertion accepted, kept until it expires against replay."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import id_field, now_ms

if TYPE_CHECKING:
    from models.realm import Realm


class TrustedIssuer(Model):
    """One trust relationship: assertions of ``issuer`` about ``subject`` (any subject when
    ``allow_any_subject``), signed by the public key ``public_jwk`` (kid ``key_id``), for ``scope``, until
    ``expires_at``. Only the key's public parameters are kept."""

    id = id_field()
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="trusted_issuers", on_delete=fields.CASCADE
    )
    realm_id: str
    issuer = fields.CharField(max_length=255)
    subject = fields.CharField(max_length=255, default="")
    allow_any_subject = fields.BooleanField(default=False)
    scope: fields.JSONField[Any] = fields.JSONField(default=list)
    key_id = fields.CharField(max_length=255)
    public_jwk: fields.JSONField[Any] = fields.JSONField(default=dict)
    created_at = fields.BigIntField(default=now_ms)
    expires_at = fields.BigIntField()
    """Epoch milliseconds, as ``created_at``."""

    class Meta:
        table = "oauth2_trusted_issuer"
        unique_together = (("realm", "issuer", "subject", "key_id"),)


class UsedAssertion(Model):
    """An accepted assertion's ``jti`` (its digest with the realm's id), refused again until it expires."""

    id = fields.CharField(max_length=64, primary_key=True)
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="used_assertions", on_delete=fields.CASCADE
    )
    realm_id: str
    expires_at = fields.BigIntField()

    class Meta:
        table = "oauth2_used_assertion"
        indexes = (("expires_at",),)
