"""The OAuth2 authorization engine's state: the login, consent and logout requests of browser flows (with
the authorization code a consent becomes) and the login sessions that let a browser skip the login app.

Every secret of a flow (challenge, verifier, CSRF cookie, code, login-session cookie) is kept only as its
SHA-256 hash: the row is found by hashing what the caller presents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from models.base import id_field, new_id, now_ms

if TYPE_CHECKING:
    from models.client import Client
    from models.realm import Realm
    from models.session import Session
    from models.user import User


class AuthRequest(Model):
    """One login, consent or logout request of a flow. A consent request that was accepted and not
    revoked is a consent session; the authorization code of its flow and the session its tokens belong
    to hang on it."""

    id = id_field()
    kind = fields.CharField(max_length=16)
    """``login``, ``consent`` or ``logout``."""
    challenge_hash = fields.CharField(max_length=64, unique=True)
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="auth_requests", on_delete=fields.CASCADE
    )
    realm_id: str
    client: fields.ForeignKeyNullableRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="auth_requests", null=True, on_delete=fields.CASCADE
    )
    client_id: str | None
    flow_id = fields.CharField(max_length=64)
    """The id of the flow's login request, shared by the consent request that follows it."""
    subject = fields.CharField(max_length=255, null=True)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="auth_requests", null=True, on_delete=fields.CASCADE
    )
    user_id: str | None
    login_session_id = fields.CharField(max_length=64, null=True)
    skip = fields.BooleanField(default=False)
    request_url = fields.TextField()
    params: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    """The authorization request's parameters (response type, redirect URI, state, nonce, PKCE...)."""
    requested_scope: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    requested_audience: fields.JSONField[list[Any]] = fields.JSONField(default=list)
    context: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    """The OIDC context shown to the login and consent apps (``oidc_context``)."""
    csrf_hash = fields.CharField(max_length=64)
    verifier_hash = fields.CharField(max_length=64, null=True, unique=True)
    requested_at = fields.BigIntField(default=now_ms)
    expires_at = fields.BigIntField()
    handled_at = fields.BigIntField(null=True)
    verifier_used = fields.BooleanField(default=False)
    granted = fields.BooleanField(default=False)
    """A consent accepted and carried through to the client: a consent session."""
    outcome: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    """The handling body as accepted (``error`` set for a rejection), in Hydra's field names."""
    authenticated_at = fields.BigIntField(null=True)
    remember = fields.BooleanField(default=False)
    remember_until = fields.BigIntField(null=True)
    """When a remembered consent stops being reused (ms); null while remembered for ever."""
    code_hash = fields.CharField(max_length=64, null=True, unique=True)
    code_expires_at = fields.BigIntField(null=True)
    code_used = fields.BooleanField(default=False)
    grant_session: fields.ForeignKeyNullableRelation[Session] = fields.ForeignKeyField(
        "models.Session", related_name="auth_requests", null=True, on_delete=fields.SET_NULL
    )
    grant_session_id: str | None

    class Meta:
        table = "oauth2_request"
        indexes = (("realm_id", "kind", "subject"), ("flow_id",), ("client_id",), ("user_id",))


class LoginSession(Model):
    """A browser's remembered authentication: the id is the hash of the cookie that names it."""

    id = fields.CharField(max_length=64, primary_key=True)
    sid = fields.CharField(max_length=64, default=new_id, unique=True)
    """The session's public name: the ID token's ``sid``, the login request's ``session_id``."""
    realm: fields.ForeignKeyRelation[Realm] = fields.ForeignKeyField(
        "models.Realm", related_name="login_sessions", on_delete=fields.CASCADE
    )
    realm_id: str
    subject = fields.CharField(max_length=255)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="login_sessions", null=True, on_delete=fields.CASCADE
    )
    user_id: str | None
    remember = fields.BooleanField(default=False)
    authenticated_at = fields.BigIntField(default=now_ms)
    expires_at = fields.BigIntField(null=True)
    acr = fields.CharField(max_length=255, default="")
    amr: fields.JSONField[list[Any]] = fields.JSONField(default=list)

    class Meta:
        table = "oauth2_login_session"
        indexes = (("realm_id", "subject"),)
