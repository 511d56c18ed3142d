from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from models.base import new_id


class Migration(migrations.Migration):
    dependencies = [("models", "0005_unique_email")]

    initial = False

    # The rest of a client's configuration lives in its ``config`` document (no column per setting); these
    # columns are the ones searched (owner, registration token) or read on every client authentication.
    operations = [
        ops.AddField(
            model_name="Client",
            name="owner",
            field=fields.CharField(max_length=255, null=True, db_index=True),
        ),
        ops.AddField(model_name="Client", name="not_before", field=fields.IntField(default=0, db_default=0)),
        ops.AddField(model_name="Client", name="secret_rotated_enc", field=fields.TextField(null=True)),
        ops.AddField(model_name="Client", name="secret_rotated_expires_at", field=fields.IntField(null=True)),
        ops.AddField(
            model_name="Client",
            name="registration_token_hash",
            field=fields.CharField(max_length=128, null=True, db_index=True),
        ),
        ops.AddField(model_name="Client", name="created_at", field=fields.IntField(default=0, db_default=0)),
        ops.CreateModel(
            name="ClientInitialAccess",
            fields=[
                (
                    "id",
                    fields.CharField(
                        primary_key=True, default=new_id, unique=True, db_index=True, max_length=64
                    ),
                ),
                (
                    "realm",
                    fields.ForeignKeyField(
                        "models.Realm",
                        source_field="realm_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="client_initial_access",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("token_hash", fields.CharField(max_length=128, db_index=True)),
                ("timestamp", fields.IntField()),
                ("expiration", fields.IntField(default=0)),
                ("count", fields.IntField(default=0)),
                ("remaining_count", fields.IntField(default=0)),
            ],
            options={
                "table": "client_initial_access",
                "app": "models",
                "pk_attr": "id",
                "table_description": "An initial access token for dynamic client registration.",
            },
            bases=["Model"],
        ),
    ]
