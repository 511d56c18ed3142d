from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    """The key marker; the first start after this migration writes it for the key it was given."""

    dependencies = [("models", "0008_realm_admin_clients")]

    initial = False

    operations = [
        ops.CreateModel(
            name="KeyMarker",
            fields=[
                ("id", fields.IntField(primary_key=True, unique=True, db_index=True)),
                ("kdf", fields.CharField(max_length=16)),
                ("salt", fields.CharField(null=True, max_length=64)),
                ("check", fields.TextField(unique=False)),
            ],
            options={
                "table": "key_marker",
                "app": "models",
                "pk_attr": "id",
                "table_description": "Which key-encryption key seals this database's secrets.",
            },
            bases=["Model"],
        ),
    ]
