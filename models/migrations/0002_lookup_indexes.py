from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("models", "0001_initial")]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name="LoginFailure",
            options={
                "table": "login_failure",
                "app": "models",
                "pk_attr": "user_id",
                "table_description": "Brute-force detection state of one user, shared by every instance through the database.",
            },
        ),
        ops.AddIndex(
            model_name="Role",
            index=Index(fields=["realm_id", "client_id"]),
        ),
        ops.AddIndex(
            model_name="Role",
            index=Index(fields=["client_id"]),
        ),
        ops.AddIndex(
            model_name="Session",
            index=Index(fields=["realm_id"]),
        ),
        ops.AddIndex(
            model_name="Token",
            index=Index(fields=["realm_id", "kind"]),
        ),
        ops.AddIndex(
            model_name="Token",
            index=Index(fields=["client_id"]),
        ),
        ops.AddIndex(
            model_name="User",
            index=Index(fields=["service_account_client_id"]),
        ),
        ops.AddIndex(
            model_name="UserConsent",
            index=Index(fields=["client_id"]),
        ),
    ]
