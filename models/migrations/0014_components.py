import json
from typing import Any

from orjson import loads
from tortoise.indexes import Index
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.migrations import operations as ops

from models.base import new_id, now_ms

_PROVIDERS = {"RSA": "rsa-generated", "EC": "ecdsa-generated"}


async def give_keys_providers(apps: Any, schema_editor: Any) -> None:
    """Each signing key a realm already has becomes the key of a provider component of its own, as
    Keycloak keeps keys (a generated provider: the key stays as it is)."""
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    _, rows = await client.execute_query(
        "SELECT kid, realm_id, algorithm, public_jwk, active, priority FROM iam_key"
        " WHERE set_name = '' AND use = 'sig'"
    )
    insert = (
        "INSERT INTO component (id, realm_id, name, provider_id, provider_type, parent_id, config,"
        " created_at) VALUES (?, ?, ?, ?, 'org.keycloak.keys.KeyProvider', ?, ?, ?)"
    )
    link = "UPDATE iam_key SET component_id = ? WHERE kid = ?"
    if postgres:
        insert = insert.replace("?", "$%d") % tuple(range(1, 8))
        insert = insert.replace("$6", "CAST($6 AS TEXT)::jsonb")
        link = "UPDATE iam_key SET component_id = $1 WHERE kid = $2"
    for row in rows:
        jwk = row["public_jwk"]
        jwk = json.loads(jwk) if isinstance(jwk, (str, bytes)) else (jwk or {})
        provider = _PROVIDERS.get(jwk.get("kty"), "rsa-generated")
        config = {
            "priority": [str(row["priority"])],
            "active": ["true" if row["active"] else "false"],
            "enabled": ["true"],
            "algorithm": [row["algorithm"]],
        }
        component_id = new_id()
        await client.execute_query(
            insert,
            [component_id, row["realm_id"], provider, provider, row["realm_id"], json.dumps(config), now_ms()],
        )
        await client.execute_query(link, [component_id, row["kid"]])


class Migration(migrations.Migration):
    dependencies = [("models", "0013_realm_administration")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Component",
            fields=[
                (
                    "id",
                    fields.CharField(primary_key=True, default=new_id, unique=True, db_index=True, max_length=64),
                ),
                (
                    "realm",
                    fields.ForeignKeyField(
                        "models.Realm",
                        source_field="realm_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="components",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=255)),
                ("provider_id", fields.CharField(max_length=255)),
                ("provider_type", fields.CharField(max_length=255)),
                ("parent_id", fields.CharField(null=True, max_length=255)),
                ("sub_type", fields.CharField(null=True, max_length=255)),
                ("config", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("created_at", fields.BigIntField(default=now_ms)),
            ],
            options={
                "table": "component",
                "app": "models",
                "indexes": [Index(fields=["realm_id", "provider_type"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Key",
            name="enabled",
            field=fields.BooleanField(default=True, db_default=True),
        ),
        ops.AddField(
            model_name="Key",
            name="component",
            field=fields.ForeignKeyField(
                "models.Component",
                source_field="component_id",
                db_constraint=True,
                to_field="id",
                related_name="keys",
                null=True,
                on_delete=OnDelete.CASCADE,
            ),
        ),
        ops.RunPython(give_keys_providers, ops.RunPython.noop),
    ]
