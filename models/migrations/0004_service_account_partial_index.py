from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0003_group_listing_indexes")]

    initial = False

    # Nearly every user has no service-account client: a full index's statistics (after ANALYZE) say the
    # column is useless for lookups and the planner scans the table. A partial index holds only the few
    # service-account rows, so an equality lookup uses it on SQLite and PostgreSQL alike.
    operations = [
        ops.RemoveIndex(
            model_name="User",
            name=None,
            fields=["service_account_client_id"],
        ),
        ops.RunSQL(
            "CREATE INDEX idx_iam_user_service_account ON iam_user (service_account_client_id) "
            "WHERE service_account_client_id IS NOT NULL",
            reverse_sql="DROP INDEX idx_iam_user_service_account",
        ),
    ]
