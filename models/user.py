from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import id_field, new_id, now_ms

if TYPE_CHECKING:
    from models.client import Client
    from models.realm import Realm


class User(Model):
    """A user. username and email are stored lower-cased as Keycloak does, the *_lower name
    columns exist so that every search the APIs offer runs on an index."""

    id = id_field()
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="users", on_delete=fields.CASCADE
    )
    realm_id: str
    username = fields.CharField(max_length=255)
    email = fields.CharField(max_length=255, null=True)
    # The e-mail again where the realm allows no duplicate e-mails (NULL otherwise, and NULLs never collide):
    # the unique index on (realm, email_key) decides a race between two writers that both checked first.
    email_key = fields.CharField(max_length=255, null=True)
    first_name = fields.CharField(max_length=255, null=True)
    last_name = fields.CharField(max_length=255, null=True)
    first_name_lower = fields.CharField(max_length=255, null=True)
    last_name_lower = fields.CharField(max_length=255, null=True)
    enabled = fields.BooleanField(default=True)
    email_verified = fields.BooleanField(default=False)
    created_timestamp = fields.BigIntField(default=now_ms)
    not_before = fields.BigIntField(default=0)
    required_actions: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    federation_link = fields.CharField(max_length=255, null=True)
    service_account_client: fields.ForeignKeyNullableRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="service_account_users", null=True, on_delete=fields.CASCADE
    )
    service_account_client_id: str | None

    class Meta:
        table = "iam_user"
        unique_together = (("realm", "username"), ("realm", "email_key"))
        # service_account_client_id has a partial index (migration 0004): nearly every row is NULL there,
        # and a full index's statistics would tell the planner the column is useless for lookups.
        indexes = (
            ("realm_id", "email"),
            ("realm_id", "first_name_lower"),
            ("realm_id", "last_name_lower"),
        )


class UserAttribute(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="attribute_rows", on_delete=fields.CASCADE
    )
    user_id: str
    name = fields.CharField(max_length=255)
    value = fields.TextField()
    position = fields.IntField(default=0)

    class Meta:
        table = "user_attribute"
        indexes = (("user_id", "name"), ("name",))


class Credential(Model):
    """A credential, secret_data holds a hash (argon2id for passwords) and never a plain secret."""

    id = fields.CharField(max_length=64, primary_key=True, default=new_id)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="credentials", on_delete=fields.CASCADE
    )
    user_id: str
    type = fields.CharField(max_length=64)
    user_label = fields.CharField(max_length=255, null=True)
    created_date = fields.BigIntField(default=now_ms)
    secret_data = fields.TextField()
    credential_data: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    priority = fields.IntField(default=10)
    temporary = fields.BooleanField(default=False)

    class Meta:
        table = "credential"
        indexes = (("user_id", "type"),)


class FederatedIdentity(Model):
    """A link from a user to an account at an identity provider."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="federated_identities", on_delete=fields.CASCADE
    )
    user_id: str
    identity_provider = fields.CharField(max_length=255)
    provider_user_id = fields.CharField(max_length=255)
    provider_username = fields.CharField(max_length=255, null=True)

    class Meta:
        table = "federated_identity"
        unique_together = (("user", "identity_provider"),)
        indexes = (("identity_provider", "provider_user_id"),)


class UserConsent(Model):
    """The scopes a user granted a client (a Keycloak user consent is a Hydra consent session)."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="consents", on_delete=fields.CASCADE
    )
    user_id: str
    client: fields.ForeignKeyRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="consents", on_delete=fields.CASCADE
    )
    client_id: str
    granted_scopes: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    data: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    created_date = fields.BigIntField(default=now_ms)
    last_updated_date = fields.BigIntField(default=now_ms)

    class Meta:
        table = "user_consent"
        unique_together = (("user", "client"),)
        indexes = (("client_id",),)


class LoginFailure(Model):
    """Brute-force detection state of one user, shared by every instance through the database."""

    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="login_failure", primary_key=True, on_delete=fields.CASCADE
    )
    user_id: str
    num_failures = fields.IntField(default=0)
    num_temporary_lockouts = fields.IntField(default=0)
    failed_login_not_before = fields.BigIntField(default=0)
    last_failure = fields.BigIntField(default=0)
    last_ip_failure = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "login_failure"
