from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from models.base import new_id, now_ms


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="CacheVersion",
            fields=[
                ("name", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=255)),
                ("version", fields.BigIntField(default=0)),
            ],
            options={
                "table": "cache_version",
                "app": "models",
                "pk_attr": "name",
                "table_description": "A version counter per cached thing (a realm's keys, a flavor's policy set). Writers bump it in",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Realm",
            fields=[
                (
                    "id",
                    fields.CharField(
                        primary_key=True, default=new_id, unique=True, db_index=True, max_length=64
                    ),
                ),
                ("name", fields.CharField(unique=True, max_length=255)),
                ("enabled", fields.BooleanField(default=True)),
                ("config", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("created_at", fields.BigIntField(default=now_ms)),
            ],
            options={
                "table": "realm",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A realm. Rules read its settings from config: the whole RealmRepresentation minus what has",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AcpPolicy",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "realm",
                    fields.ForeignKeyField(
                        "models.Realm",
                        source_field="realm_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="acp_policies",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("flavor", fields.CharField(max_length=16)),
                ("policy_id", fields.CharField(max_length=255)),
                ("description", fields.TextField(default="", unique=False)),
                ("subjects", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("resources", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("actions", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("effect", fields.CharField(default="deny", max_length=8)),
                ("conditions", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("meta", fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "acp_policy",
                "app": "models",
                "unique_together": (("realm", "flavor", "policy_id"),),
                "pk_attr": "id",
                "table_description": "An access control policy (Ory Keto v0.5) of one flavor (exact, glob, regex) in a realm.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AcpRole",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "realm",
                    fields.ForeignKeyField(
                        "models.Realm",
                        source_field="realm_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="acp_roles",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("flavor", fields.CharField(max_length=16)),
                ("role_id", fields.CharField(max_length=255)),
                ("description", fields.TextField(default="", unique=False)),
            ],
            options={
                "table": "acp_role",
                "app": "models",
                "unique_together": (("realm", "flavor", "role_id"),),
                "pk_attr": "id",
                "table_description": "An access control role (Ory Keto v0.5): a named set of subjects, per flavor.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AcpRoleMember",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "role",
                    fields.ForeignKeyField(
                        "models.AcpRole",
                        source_field="role_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="members",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("member", fields.CharField(max_length=255)),
            ],
            options={
                "table": "acp_role_member",
                "app": "models",
                "unique_together": (("role", "member"),),
                "indexes": [Index(fields=["member"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AdminEvent",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "realm",
                    fields.ForeignKeyField(
                        "models.Realm",
                        source_field="realm_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="admin_events",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("time", fields.BigIntField(default=now_ms)),
                ("operation_type", fields.CharField(max_length=16)),
                ("resource_type", fields.CharField(max_length=64)),
                ("resource_path", fields.CharField(max_length=1024)),
                ("representation", fields.TextField(null=True, unique=False)),
                ("error", fields.TextField(null=True, unique=False)),
                ("auth_realm_id", fields.CharField(null=True, max_length=64)),
                ("auth_client_id", fields.CharField(null=True, max_length=64)),
                ("auth_user_id", fields.CharField(null=True, max_length=64)),
                ("auth_ip_address", fields.CharField(null=True, max_length=64)),
            ],
            options={
                "table": "admin_event",
                "app": "models",
                "indexes": [Index(fields=["realm_id", "time"])],
                "pk_attr": "id",
                "table_description": "An administrative write, recorded in the same transaction as the write itself.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Client",
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
                        related_name="clients",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("client_id", fields.CharField(max_length=255)),
                ("name", fields.CharField(null=True, max_length=255)),
                ("description", fields.TextField(null=True, unique=False)),
                ("enabled", fields.BooleanField(default=True)),
                ("protocol", fields.CharField(default="openid-connect", max_length=64)),
                ("public_client", fields.BooleanField(default=False)),
                ("bearer_only", fields.BooleanField(default=False)),
                ("secret_enc", fields.TextField(null=True, unique=False)),
                ("standard_flow_enabled", fields.BooleanField(default=True)),
                ("implicit_flow_enabled", fields.BooleanField(default=False)),
                ("direct_access_grants_enabled", fields.BooleanField(default=False)),
                ("service_accounts_enabled", fields.BooleanField(default=False)),
                ("root_url", fields.TextField(null=True, unique=False)),
                ("base_url", fields.TextField(null=True, unique=False)),
                ("redirect_uris", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("web_origins", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("attributes", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("config", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "client",
                "app": "models",
                "unique_together": (("realm", "client_id"),),
                "pk_attr": "id",
                "table_description": "An OAuth2/OIDC client. The secret is encrypted with the key-encryption key, never stored plain.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Event",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "realm",
                    fields.ForeignKeyField(
                        "models.Realm",
                        source_field="realm_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("time", fields.BigIntField(default=now_ms)),
                ("type", fields.CharField(max_length=64)),
                ("client_id", fields.CharField(null=True, max_length=255)),
                ("user_id", fields.CharField(null=True, max_length=64)),
                ("session_id", fields.CharField(null=True, max_length=64)),
                ("ip_address", fields.CharField(null=True, max_length=64)),
                ("error", fields.CharField(null=True, max_length=255)),
                ("details", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "event",
                "app": "models",
                "indexes": [Index(fields=["realm_id", "time"])],
                "pk_attr": "id",
                "table_description": "A login event (LOGIN, LOGIN_ERROR, LOGOUT, ...), recorded when the realm enables events.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Group",
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
                        related_name="groups",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "parent",
                    fields.ForeignKeyField(
                        "models.Group",
                        source_field="parent_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="children",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=255)),
                ("path", fields.CharField(max_length=1024)),
                ("description", fields.TextField(null=True, unique=False)),
                ("attributes", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "iam_group",
                "app": "models",
                "unique_together": (("realm", "path"),),
                "indexes": [Index(fields=["parent_id"])],
                "pk_attr": "id",
                "table_description": "A node of a realm's group tree. The full path (like /a/b) is kept in step by the resolvers.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Key",
            fields=[
                ("kid", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                (
                    "realm",
                    fields.ForeignKeyField(
                        "models.Realm",
                        source_field="realm_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="keys",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("set_name", fields.CharField(default="", max_length=255)),
                ("algorithm", fields.CharField(default="RS256", max_length=16)),
                ("use", fields.CharField(default="sig", max_length=8)),
                ("public_jwk", fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ("private_enc", fields.TextField(null=True, unique=False)),
                ("active", fields.BooleanField(default=True)),
                ("priority", fields.IntField(default=100)),
                ("created_at", fields.BigIntField(default=now_ms)),
            ],
            options={
                "table": "iam_key",
                "app": "models",
                "indexes": [Index(fields=["realm_id", "set_name"])],
                "pk_attr": "kid",
                "table_description": "A signing key of a realm. private_enc is the private JWK encrypted with the key-encryption key,",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Role",
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
                        related_name="roles",
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
                        related_name="roles",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("container_id", fields.CharField(max_length=64)),
                ("name", fields.CharField(max_length=255)),
                ("description", fields.TextField(null=True, unique=False)),
                ("attributes", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "role",
                "app": "models",
                "unique_together": (("container_id", "name"),),
                "pk_attr": "id",
                "table_description": "A realm role (client null) or a client role. container_id is the realm or client id, so that",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="GroupRoleMapping",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "group",
                    fields.ForeignKeyField(
                        "models.Group",
                        source_field="group_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="role_links",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "role",
                    fields.ForeignKeyField(
                        "models.Role",
                        source_field="role_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="group_links",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "group_role_mapping",
                "app": "models",
                "unique_together": (("group", "role"),),
                "indexes": [Index(fields=["role_id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RoleComposite",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "parent",
                    fields.ForeignKeyField(
                        "models.Role",
                        source_field="parent_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="composite_links",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "child",
                    fields.ForeignKeyField(
                        "models.Role",
                        source_field="child_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="parent_links",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "role_composite",
                "app": "models",
                "unique_together": (("parent", "child"),),
                "indexes": [Index(fields=["child_id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="User",
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
                        related_name="users",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("username", fields.CharField(max_length=255)),
                ("email", fields.CharField(null=True, max_length=255)),
                ("first_name", fields.CharField(null=True, max_length=255)),
                ("last_name", fields.CharField(null=True, max_length=255)),
                ("first_name_lower", fields.CharField(null=True, max_length=255)),
                ("last_name_lower", fields.CharField(null=True, max_length=255)),
                ("enabled", fields.BooleanField(default=True)),
                ("email_verified", fields.BooleanField(default=False)),
                ("created_timestamp", fields.BigIntField(default=now_ms)),
                ("not_before", fields.BigIntField(default=0)),
                ("required_actions", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("federation_link", fields.CharField(null=True, max_length=255)),
                (
                    "service_account_client",
                    fields.ForeignKeyField(
                        "models.Client",
                        source_field="service_account_client_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="service_account_users",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "iam_user",
                "app": "models",
                "unique_together": (("realm", "username"),),
                "indexes": [
                    Index(fields=["realm_id", "email"]),
                    Index(fields=["realm_id", "first_name_lower"]),
                    Index(fields=["realm_id", "last_name_lower"]),
                ],
                "pk_attr": "id",
                "table_description": "A user. username and email are stored lower-cased as Keycloak does, the *_lower name",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Credential",
            fields=[
                (
                    "id",
                    fields.CharField(
                        primary_key=True, default=new_id, unique=True, db_index=True, max_length=64
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="credentials",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("type", fields.CharField(max_length=64)),
                ("user_label", fields.CharField(null=True, max_length=255)),
                ("created_date", fields.BigIntField(default=now_ms)),
                ("secret_data", fields.TextField(unique=False)),
                ("credential_data", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("priority", fields.IntField(default=10)),
                ("temporary", fields.BooleanField(default=False)),
            ],
            options={
                "table": "credential",
                "app": "models",
                "indexes": [Index(fields=["user_id", "type"])],
                "pk_attr": "id",
                "table_description": "A credential, secret_data holds a hash (argon2id for passwords) and never a plain secret.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="FederatedIdentity",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="federated_identities",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("identity_provider", fields.CharField(max_length=255)),
                ("provider_user_id", fields.CharField(max_length=255)),
                ("provider_username", fields.CharField(null=True, max_length=255)),
            ],
            options={
                "table": "federated_identity",
                "app": "models",
                "unique_together": (("user", "identity_provider"),),
                "indexes": [Index(fields=["identity_provider", "provider_user_id"])],
                "pk_attr": "id",
                "table_description": "A link from a user to an account at an identity provider.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="GroupMembership",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="group_links",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "group",
                    fields.ForeignKeyField(
                        "models.Group",
                        source_field="group_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="member_links",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "group_membership",
                "app": "models",
                "unique_together": (("user", "group"),),
                "indexes": [Index(fields=["group_id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LoginFailure",
            fields=[
                (
                    "user",
                    fields.OneToOneField(
                        "models.User",
                        source_field="user_id",
                        primary_key=True,
                        db_index=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="login_failure",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("num_failures", fields.IntField(default=0)),
                ("num_temporary_lockouts", fields.IntField(default=0)),
                ("failed_login_not_before", fields.BigIntField(default=0)),
                ("last_failure", fields.BigIntField(default=0)),
                ("last_ip_failure", fields.CharField(null=True, max_length=64)),
            ],
            options={
                "table": "login_failure",
                "app": "models",
                "pk_attr": "user_id",
                "table_description": "Brute-force detection state of one user, shared by every instance through the database.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Session",
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
                        related_name="sessions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="sessions",
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
                        related_name="sessions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("ip_address", fields.CharField(null=True, max_length=64)),
                ("started", fields.BigIntField(default=now_ms)),
                ("last_access", fields.BigIntField(default=now_ms)),
                ("offline", fields.BooleanField(default=False)),
            ],
            options={
                "table": "session",
                "app": "models",
                "indexes": [Index(fields=["user_id"]), Index(fields=["client_id"])],
                "pk_attr": "id",
                "table_description": "A user (or service-account) session. Deleting it revokes every token issued within it.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Token",
            fields=[
                ("id", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                (
                    "realm",
                    fields.ForeignKeyField(
                        "models.Realm",
                        source_field="realm_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("kind", fields.CharField(max_length=16)),
                (
                    "session",
                    fields.ForeignKeyField(
                        "models.Session",
                        source_field="session_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="tokens",
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
                        related_name="tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("issued_at", fields.BigIntField(default=now_ms)),
                ("expires_at", fields.BigIntField()),
                ("revoked", fields.BooleanField(default=False)),
                ("scope", fields.TextField(default="", unique=False)),
                ("data", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "token",
                "app": "models",
                "indexes": [
                    Index(fields=["session_id"]),
                    Index(fields=["user_id", "kind"]),
                    Index(fields=["expires_at"]),
                ],
                "pk_attr": "id",
                "table_description": "An issued token: the record that makes introspection and revocation immediate, in every instance.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="UserAttribute",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="attribute_rows",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=255)),
                ("value", fields.TextField(unique=False)),
                ("position", fields.IntField(default=0)),
            ],
            options={
                "table": "user_attribute",
                "app": "models",
                "indexes": [Index(fields=["user_id", "name"]), Index(fields=["name"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="UserConsent",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="consents",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "client",
                    fields.ForeignKeyField(
                        "models.Client",
                        source_field="client_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="consents",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("granted_scopes", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("data", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("created_date", fields.BigIntField(default=now_ms)),
                ("last_updated_date", fields.BigIntField(default=now_ms)),
            ],
            options={
                "table": "user_consent",
                "app": "models",
                "unique_together": (("user", "client"),),
                "pk_attr": "id",
                "table_description": "The scopes a user granted a client (a Keycloak user consent is a Hydra consent session).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="UserRoleMapping",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="role_links",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "role",
                    fields.ForeignKeyField(
                        "models.Role",
                        source_field="role_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="user_links",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "user_role_mapping",
                "app": "models",
                "unique_together": (("user", "role"),),
                "indexes": [Index(fields=["role_id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
    ]
