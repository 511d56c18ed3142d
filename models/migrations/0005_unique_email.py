import json
from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.migrations.constraints import UniqueConstraint


async def key_existing_emails(apps: Any, schema_editor: Any) -> None:
    """Give email_key to the users of realms that allow no duplicate e-mails. An e-mail that several users
    of such a realm already share (written by racing writers before this index existed) stays unkeyed, so
    that the upgrade succeeds; the resolvers' check still refuses a new user with it."""
    client = schema_editor.client
    numbered = client.capabilities.dialect == "postgres"
    _, realms = await client.execute_query("SELECT id, config FROM realm")
    for realm in realms:
        config = realm["config"]
        config = json.loads(config) if isinstance(config, (str, bytes)) else (config or {})
        if config.get("duplicateEmailsAllowed"):
            continue
        sql = (
            "UPDATE iam_user SET email_key = email WHERE realm_id = ? AND email IN ("
            "SELECT email FROM iam_user WHERE realm_id = ? AND email IS NOT NULL"
            " GROUP BY email HAVING COUNT(*) = 1)"
        )
        if numbered:
            sql = sql.replace("?", "$1", 1).replace("?", "$2", 1)
        await client.execute_query(sql, [realm["id"], realm["id"]])


class Migration(migrations.Migration):
    dependencies = [("models", "0004_service_account_partial_index")]

    initial = False

    operations = [
        ops.AddField(
            model_name="User",
            name="email_key",
            field=fields.CharField(null=True, max_length=255),
        ),
        ops.RunPython(key_existing_emails, ops.RunPython.noop),
        ops.AddConstraint(
            model_name="User",
            constraint=UniqueConstraint(fields=("realm", "email_key"), name=None),
        ),
    ]
