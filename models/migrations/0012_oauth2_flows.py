from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from models.base import new_id, now_ms


class Migration(migrations.Migration):
    dependencies = [("models", "0011_builtin_client_config")]

    initial = False

    # The OAuth2 authorization engine: login/consent/logout requests (a consent request carries its
    # flow's authorization code) and remembered login sessions.
    operations = [
        ops.CreateModel(
            name="AuthRequest",
            fields=[
                (
                    "id",
                    fields.CharField(
                        primary_key=True, default=new_id, unique=True, db_index=True, max_length=64
                    ),
                ),
                ("kind", fields.CharField(max_length=16)),
                ("challenge_hash", fields.CharField(unique=True, max_length=64)),
                (
                    "realm",
                    fields.ForeignKeyField(
                        "models.Realm",
                        source_field="realm_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="auth_requests",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "client",
                    fields.ForeignKeyField(
                        "models.Client",
                        source_field="client_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="auth_requests",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("flow_id", fields.CharField(max_length=64)),
                ("subject", fields.CharField(null=True, max_length=255)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="auth_requests",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("login_session_id", fields.CharField(null=True, max_length=64)),
                ("skip", fields.BooleanField(default=False)),
                ("request_url", fields.TextField(unique=False)),
                ("params", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("requested_scope", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("requested_audience", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("context", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("csrf_hash", fields.CharField(max_length=64)),
                ("verifier_hash", fields.CharField(null=True, unique=True, max_length=64)),
                ("requested_at", fields.BigIntField(default=now_ms)),
                ("expires_at", fields.BigIntField()),
                ("handled_at", fields.BigIntField(null=True)),
                ("verifier_used", fields.BooleanField(default=False)),
                ("granted", fields.BooleanField(default=False)),
                ("outcome", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("authenticated_at", fields.BigIntField(null=True)),
                ("remember", fields.BooleanField(default=False)),
                ("remember_until", fields.BigIntField(null=True)),
                ("code_hash", fields.CharField(null=True, unique=True, max_length=64)),
                ("code_expires_at", fields.BigIntField(null=True)),
                ("code_used", fields.BooleanField(default=False)),
                (
                    "grant_session",
                    fields.ForeignKeyField(
                        "models.Session",
                        source_field="grant_session_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="auth_requests",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
            ],
            options={
                "table": "oauth2_request",
                "app": "models",
                "indexes": [
                    Index(fields=["realm_id", "kind", "subject"]),
                    Index(fields=["flow_id"]),
                    Index(fields=["client_id"]),
                    Index(fields=["user_id"]),
                ],
                "pk_attr": "id",
                "table_description": "One login, consent or logout request of a flow. A consent request that was accepted and not",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LoginSession",
            fields=[
                ("id", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ("sid", fields.CharField(default=new_id, unique=True, max_length=64)),
                (
                    "realm",
                    fields.ForeignKeyField(
                        "models.Realm",
                        source_field="realm_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="login_sessions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("subject", fields.CharField(max_length=255)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="login_sessions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("remember", fields.BooleanField(default=False)),
                ("authenticated_at", fields.BigIntField(default=now_ms)),
                ("expires_at", fields.BigIntField(null=True)),
                ("acr", fields.CharField(default="", max_length=255)),
                ("amr", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "oauth2_login_session",
                "app": "models",
                "indexes": [Index(fields=["realm_id", "subject"])],
                "pk_attr": "id",
                "table_description": "A browser's remembered authentication: the id is the hash of the cookie that names it.",
            },
            bases=["Model"],
        ),
    ]
