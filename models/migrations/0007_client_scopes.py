from orjson import loads
from tortoise import fields, migrations
from tortoise.migrations.schema_editor.base import BaseSchemaEditor
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from models.base import new_id
from models.builtin_scopes import seed_builtin_scopes


def _fk(model: str, source: str, related: str, null: bool = False) -> fields.ForeignKeyField:  # type: ignore[type-arg]
    return fields.ForeignKeyField(
        model,
        source_field=source,
        db_constraint=True,
        to_field="id",
        related_name=related,
        null=null,
        on_delete=OnDelete.CASCADE,
    )


def _id() -> fields.CharField:
    return fields.CharField(primary_key=True, default=new_id, unique=True, db_index=True, max_length=64)


def _serial() -> fields.BigIntField:
    return fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)


async def _seed_existing_realms(apps: object, schema_editor: BaseSchemaEditor) -> None:
    """Realms made before client scopes existed get Keycloak's built-in scopes, their clients the defaults."""
    conn = schema_editor.client
    for row in await conn.execute_query_dict("SELECT id FROM realm"):
        await seed_builtin_scopes(conn, str(row["id"]))


class Migration(migrations.Migration):
    dependencies = [("models", "0006_client_configuration")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ClientScope",
            fields=[
                ("id", _id()),
                ("realm", _fk("models.Realm", "realm_id", "client_scopes")),
                ("name", fields.CharField(max_length=255)),
                ("description", fields.TextField(null=True, unique=False)),
                ("protocol", fields.CharField(default="openid-connect", max_length=64)),
                ("attributes", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "client_scope",
                "app": "models",
                "unique_together": (("realm", "name"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RealmDefaultScope",
            fields=[
                ("id", _serial()),
                ("realm", _fk("models.Realm", "realm_id", "default_scope_links")),
                ("scope", _fk("models.ClientScope", "scope_id", "realm_default_links")),
                ("default", fields.BooleanField(default=True)),
            ],
            options={
                "table": "realm_default_scope",
                "app": "models",
                "unique_together": (("realm", "scope"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ClientScopeLink",
            fields=[
                ("id", _serial()),
                ("client", _fk("models.Client", "client_id", "scope_links")),
                ("scope", _fk("models.ClientScope", "scope_id", "client_links")),
                ("default", fields.BooleanField(default=True)),
            ],
            options={
                "table": "client_scope_link",
                "app": "models",
                "unique_together": (("client", "scope"),),
                "indexes": [Index(fields=["scope_id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ProtocolMapper",
            fields=[
                ("id", _id()),
                ("client", _fk("models.Client", "client_id", "protocol_mappers", null=True)),
                ("scope", _fk("models.ClientScope", "scope_id", "protocol_mappers", null=True)),
                ("owner_id", fields.CharField(max_length=64)),
                ("name", fields.CharField(max_length=255)),
                ("protocol", fields.CharField(default="openid-connect", max_length=64)),
                ("protocol_mapper", fields.CharField(max_length=255)),
                ("consent_required", fields.BooleanField(default=False)),
                ("config", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("position", fields.IntField(default=0)),
            ],
            options={
                "table": "protocol_mapper",
                "app": "models",
                "unique_together": (("owner_id", "protocol", "name"),),
                "indexes": [Index(fields=["client_id"]), Index(fields=["scope_id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ScopeMapping",
            fields=[
                ("id", _serial()),
                ("client", _fk("models.Client", "client_id", "scope_mappings", null=True)),
                ("scope", _fk("models.ClientScope", "scope_id", "scope_mappings", null=True)),
                ("owner_id", fields.CharField(max_length=64)),
                ("role", _fk("models.Role", "role_id", "scope_mapping_links")),
            ],
            options={
                "table": "scope_mapping",
                "app": "models",
                "unique_together": (("owner_id", "role"),),
                "indexes": [Index(fields=["role_id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.RunPython(_seed_existing_realms, ops.RunPython.noop),
    ]
