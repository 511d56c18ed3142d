from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0004_service_account_partial_index")]

    initial = False

    # The rest of a client's configuration lives in its ``config`` document (no column per setting); these
    # columns are the ones searched (owner, registration token) or read on every client authentication.
    operations = [
        ops.AddField(
            model_name="Client",
            name="owner",
            field=fields.CharField(max_length=255, null=True, db_index=True),
        ),
        ops.AddField(model_name="Client", name="not_before", field=fields.IntField(default=0)),
        ops.AddField(model_name="Client", name="secret_rotated_enc", field=fields.TextField(null=True)),
        ops.AddField(model_name="Client", name="secret_rotated_expires_at", field=fields.IntField(null=True)),
        ops.AddField(
            model_name="Client",
            name="registration_token_hash",
            field=fields.CharField(max_length=128, null=True, db_index=True),
        ),
        ops.AddField(model_name="Client", name="created_at", field=fields.IntField(default=0)),
    ]
