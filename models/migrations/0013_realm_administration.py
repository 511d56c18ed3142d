from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.migrations import operations as ops

from models.base import new_id


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


class Migration(migrations.Migration):
    dependencies = [("models", "0012_oauth2_flows")]

    initial = False

    operations = [
        ops.CreateModel(
            name="IdentityProvider",
            fields=[
                ("id", _id()),
                ("realm", _fk("models.Realm", "realm_id", "identity_providers")),
                ("alias", fields.CharField(max_length=255)),
                ("provider_id", fields.CharField(max_length=255)),
                ("enabled", fields.BooleanField(default=True)),
                ("settings", _json()),
                ("attributes", _json()),
            ],
            options={
                "table": "identity_provider",
                "app": "models",
                "unique_together": (("realm", "alias"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="IdentityProviderMapper",
            fields=[
                ("id", _id()),
                (
                    "identity_provider",
                    _fk("models.IdentityProvider", "identity_provider_id", "mappers"),
                ),
                ("name", fields.CharField(max_length=255)),
                ("mapper_type", fields.CharField(max_length=255)),
                ("config", _json()),
            ],
            options={
                "table": "identity_provider_mapper",
                "app": "models",
                "unique_together": (("identity_provider", "name"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
    ]
