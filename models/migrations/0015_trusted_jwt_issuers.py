from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from models.base import new_id, now_ms


def _realm(related: str) -> fields.ForeignKeyField:  # type: ignore[type-arg]
    return fields.ForeignKeyField(
        "models.Realm",
        source_field="realm_id",
        db_constraint=True,
        to_field="id",
        related_name=related,
        on_delete=OnDelete.CASCADE,
    )


class Migration(migrations.Migration):
    dependencies = [("models", "0014_components")]

    initial = False

    # RFC 7523: Hydra's trusted JWT grant issuers and the jti of every accepted assertion.
    operations = [
        ops.CreateModel(
            name="TrustedIssuer",
            fields=[
                (
                    "id",
                    fields.CharField(
                        primary_key=True, default=new_id, unique=True, db_index=True, max_length=64
                    ),
                ),
                ("realm", _realm("trusted_issuers")),
                ("issuer", fields.CharField(max_length=255)),
                ("subject", fields.CharField(default="", max_length=255)),
                ("allow_any_subject", fields.BooleanField(default=False)),
                ("scope", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("key_id", fields.CharField(max_length=255)),
                ("public_jwk", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("created_at", fields.BigIntField(default=now_ms)),
                ("expires_at", fields.BigIntField()),
            ],
            options={
                "table": "oauth2_trusted_issuer",
                "app": "models",
                "unique_together": (("realm", "issuer", "subject", "key_id"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="UsedAssertion",
            fields=[
                ("id", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ("realm", _realm("used_assertions")),
                ("expires_at", fields.BigIntField()),
            ],
            options={
                "table": "oauth2_used_assertion",
                "app": "models",
                "indexes": [Index(fields=["expires_at"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
    ]
