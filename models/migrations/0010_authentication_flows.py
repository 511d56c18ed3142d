from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops
from tortoise.migrations.schema_editor.base import BaseSchemaEditor

from models.base import new_id
from models.builtin_flows import seed_builtin_flows


def _fk(model: str, source: str, related: str) -> fields.ForeignKeyField:  # type: ignore[type-arg]
    return fields.ForeignKeyField(
        model,
        source_field=source,
        db_constraint=True,
        to_field="id",
        related_name=related,
        on_delete=OnDelete.CASCADE,
    )


def _id() -> fields.CharField:
    return fields.CharField(primary_key=True, default=new_id, unique=True, db_index=True, max_length=64)


def _json() -> fields.JSONField:  # type: ignore[type-arg]
    return fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)


async def _seed_existing_realms(apps: object, schema_editor: BaseSchemaEditor) -> None:
    """Realms made before flows were data get Keycloak's built-in flows and required actions."""
    conn = schema_editor.client
    for row in await conn.execute_query_dict("SELECT id FROM realm"):
        await seed_builtin_flows(conn, str(row["id"]))


class Migration(migrations.Migration):
    dependencies = [("models", "0009_key_marker")]

    initial = False

    operations = [
        ops.CreateModel(
            name="AuthenticationFlow",
            fields=[
                ("id", _id()),
                ("realm", _fk("models.Realm", "realm_id", "authentication_flows")),
                ("alias", fields.CharField(max_length=255)),
                ("description", fields.TextField(null=True, unique=False)),
                ("provider_id", fields.CharField(default="basic-flow", max_length=64)),
                ("top_level", fields.BooleanField(default=False)),
                ("built_in", fields.BooleanField(default=False)),
            ],
            options={
                "table": "authentication_flow",
                "app": "models",
                "unique_together": (("realm", "alias"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AuthenticationExecution",
            fields=[
                ("id", _id()),
                ("realm", _fk("models.Realm", "realm_id", "authentication_executions")),
                ("parent_flow", _fk("models.AuthenticationFlow", "parent_flow_id", "executions")),
                ("authenticator", fields.CharField(null=True, max_length=255)),
                ("authenticator_flow", fields.BooleanField(default=False)),
                ("sub_flow_id", fields.CharField(null=True, max_length=64)),
                ("requirement", fields.CharField(default="DISABLED", max_length=16)),
                ("priority", fields.IntField(default=0)),
                ("authenticator_config", fields.CharField(null=True, max_length=64)),
            ],
            options={
                "table": "authentication_execution",
                "app": "models",
                "indexes": [Index(fields=["parent_flow_id", "priority"]), Index(fields=["sub_flow_id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AuthenticatorConfig",
            fields=[
                ("id", _id()),
                ("realm", _fk("models.Realm", "realm_id", "authenticator_configs")),
                ("alias", fields.CharField(null=True, max_length=255)),
                ("config", _json()),
            ],
            options={
                "table": "authenticator_config",
                "app": "models",
                "indexes": [Index(fields=["realm_id", "alias"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RequiredAction",
            fields=[
                ("id", _id()),
                ("realm", _fk("models.Realm", "realm_id", "required_actions")),
                ("alias", fields.CharField(max_length=255)),
                ("name", fields.CharField(null=True, max_length=255)),
                ("provider_id", fields.CharField(max_length=255)),
                ("enabled", fields.BooleanField(default=True)),
                ("default_action", fields.BooleanField(default=False)),
                ("priority", fields.IntField(default=0)),
                ("config", _json()),
            ],
            options={
                "table": "required_action",
                "app": "models",
                "unique_together": (("realm", "alias"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.RunPython(_seed_existing_realms, ops.RunPython.noop),
    ]
