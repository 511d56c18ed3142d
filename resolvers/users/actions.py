"""Actions an administrator takes on a user's behalf: e-mails carrying action tokens (execute actions,
reset password, verify e-mail) sent through the realm's SMTP server, and impersonation."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from tortoise.transactions import in_transaction

from core import jwt, mail
from core.errors import InvalidInput, MailFailed
from models import Client, Realm, Session, Token, User
from resolvers.auth import keys
from resolvers.events.records import record_login_event
from resolvers.kit import secrets
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.realms.defaults import setting
from resolvers.users.credentials import target_user
from resolvers.users.crud import REQUIRED_ACTIONS

ACCOUNT_CLIENT = "account"
_ACTION_NAMES = {
    "UPDATE_PASSWORD": "Update Password",
    "VERIFY_EMAIL": "Verify Email",
    "UPDATE_PROFILE": "Update Profile",
    "CONFIGURE_TOTP": "Configure OTP",
    "TERMS_AND_CONDITIONS": "Terms and Conditions",
}


@dataclass(frozen=True)
class ActionLink:
    """What an action e-mail carried: the link (with its signed action token) and the recipient."""

    link: str
    token: str
    email: str


def _redirect_allowed(client: Client, redirect_uri: str) -> bool:
    for pattern in client.redirect_uris or []:
        if pattern == "*" or pattern == redirect_uri:
            return True
        if pattern.endswith("*") and redirect_uri.startswith(pattern[:-1]):
            return True
    return False


async def _check_target(realm: Realm, user: User, client_id: str | None, redirect_uri: str | None) -> str:
    if not user.email:
        raise InvalidInput("User email missing")
    if not user.enabled:
        raise InvalidInput("User is disabled")
    if redirect_uri and not client_id:
        raise InvalidInput("Client id missing")
    client_id = client_id or ACCOUNT_CLIENT
    client = await Client.get_or_none(realm_id=realm.id, client_id=client_id)
    if client is None:
        raise InvalidInput("Client doesn't exist")
    if not client.enabled:
        raise InvalidInput("Client is not enabled")
    if redirect_uri and not _redirect_allowed(client, redirect_uri):
        raise InvalidInput("Invalid redirect uri.")
    return client_id


async def _action_token(
    realm: Realm,
    user: User,
    typ: str,
    lifespan: int,
    base_url: str,
    client_id: str,
    redirect_uri: str | None,
    actions: list[str],
) -> str:
    key_set = await keys.realm_keys(realm.id)
    kid = key_set.active_kid
    if kid is None:
        raise InvalidInput("The realm has no active signing key")
    now = int(time.time())
    iss = f"{base_url}/realms/{realm.name}"
    claims: dict[str, Any] = {
        "exp": now + lifespan,
        "iat": now,
        "jti": f"{user.id}.{uuid.uuid4()}",
        "iss": iss,
        "aud": iss,
        "sub": user.id,
        "typ": typ,
        "azp": client_id,
        "eml": user.email,
    }
    if actions:
        claims["rqac"] = actions
    if redirect_uri:
        claims["reduri"] = redirect_uri
    return jwt.sign(claims, key_set.private[kid], key_set.algorithms[kid], kid)


def _smtp(realm: Realm) -> mail.SmtpSettings:
    # Missing or malformed settings are the realm's configuration, for its admin to fix: a 400, where
    # a mail server that fails to deliver is the 500 Keycloak answers.
    try:
        smtp = mail.settings_from(secrets.reveal("REALM", realm.config).get("smtpServer"))
    except mail.MailError as exc:
        raise InvalidInput(str(exc), field="smtpServer") from exc
    if smtp is None:
        raise InvalidInput("The realm has no SMTP server configured", field="smtpServer")
    return smtp


def _lifespan_text(seconds: int) -> str:
    if seconds % 86400 == 0:
        n, unit = seconds // 86400, "day"
    elif seconds % 3600 == 0:
        n, unit = seconds // 3600, "hour"
    elif seconds % 60 == 0:
        n, unit = seconds // 60, "minute"
    else:
        n, unit = seconds, "second"
    return f"{n} {unit}{'s' if n != 1 else ''}"


async def _send(realm: Realm, user: User, subject: str, text: str, failure: str) -> None:
    smtp = _smtp(realm)
    try:
        await mail.send(smtp, user.email or "", subject, text)
    except mail.MailError as exc:
        raise MailFailed(failure) from exc


def _lifespan(value: int | None, default: int) -> int:
    if value is None:
        return default
    if value <= 0:
        raise InvalidInput("lifespan must be a positive number of seconds")
    return value


async def execute_actions_email(
    actor: Actor | None,
    realm_name: str,
    user_id: str,
    actions: Sequence[str],
    base_url: str,
    lifespan: int | None = None,
    client_id: str | None = None,
    redirect_uri: str | None = None,
    *,
    path: str = "execute-actions-email",
) -> ActionLink:
    actor, realm, user = await target_user(actor, realm_name, user_id, "manage-users")
    if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
        raise InvalidInput("Body must be a list of required actions")
    if any(a not in REQUIRED_ACTIONS for a in actions):
        raise InvalidInput("Provided invalid required actions")
    client_id = await _check_target(realm, user, client_id, redirect_uri)
    seconds = _lifespan(lifespan, int(setting(realm.config, "actionTokenGeneratedByAdminLifespan")))
    token = await _action_token(
        realm, user, "execute-actions", seconds, base_url, client_id, redirect_uri, list(actions)
    )
    link = f"{base_url}/realms/{realm.name}/login-actions/action-token?" + urlencode(
        {"key": token, "client_id": client_id}
    )
    names = ", ".join(_ACTION_NAMES.get(str(a), str(a)) for a in actions)
    text = (
        f"Your administrator has just requested that you update your {realm.name} account by performing the "
        f"following action(s): {names}. Click on the link below to start this process.\n\n{link}\n\n"
        f"This link will expire within {_lifespan_text(seconds)}.\n\n"
        "If you are unaware that your administrator has requested this, just ignore this message "
        "and nothing will be changed.\n"
    )
    await _send(realm, user, "Update Your Account", text, "Failed to send execute actions email")
    async with in_transaction():
        await record_admin_event(realm, actor, "ACTION", "USER", f"users/{user.id}/{path}", actions)
    return ActionLink(link=link, token=token, email=user.email or "")


async def reset_password_email(
    actor: Actor | None,
    realm_name: str,
    user_id: str,
    base_url: str,
    client_id: str | None = None,
    redirect_uri: str | None = None,
) -> ActionLink:
    return await execute_actions_email(
        actor,
        realm_name,
        user_id,
        ["UPDATE_PASSWORD"],
        base_url,
        None,
        client_id,
        redirect_uri,
        path="reset-password-email",
    )


async def send_verify_email(
    actor: Actor | None,
    realm_name: str,
    user_id: str,
    base_url: str,
    lifespan: int | None = None,
    client_id: str | None = None,
    redirect_uri: str | None = None,
) -> ActionLink:
    actor, realm, user = await target_user(actor, realm_name, user_id, "manage-users")
    client_id = await _check_target(realm, user, client_id, redirect_uri)
    seconds = _lifespan(lifespan, int(setting(realm.config, "actionTokenGeneratedByUserLifespan")))
    token = await _action_token(realm, user, "verify-email", seconds, base_url, client_id, redirect_uri, [])
    link = f"{base_url}/realms/{realm.name}/login-actions/action-token?" + urlencode(
        {"key": token, "client_id": client_id}
    )
    text = (
        f"Someone has created a {realm.name} account with this email address. "
        f"If this was you, click the link below to verify your email address\n\n{link}\n\n"
        "This link will expire within "
        f"{_lifespan_text(seconds)}.\n\nIf you didn't create this account, just ignore this message.\n"
    )
    await _send(realm, user, "Verify email", text, "Failed to send verify email")
    async with in_transaction():
        await record_admin_event(realm, actor, "ACTION", "USER", f"users/{user.id}/send-verify-email")
    return ActionLink(link=link, token=token, email=user.email or "")


@dataclass(frozen=True)
class Impersonation:
    """A session started as a user: whether the administrator's own session was ended (same realm), and
    the account console to open."""

    same_realm: bool
    redirect: str


async def impersonate(
    actor: Actor | None, realm_name: str, user_id: str, base_url: str, ip: str | None = None
) -> Impersonation:
    """Start a session as the user. An administrator of the same realm is logged out first, as in
    Keycloak; the answer names the account console to open."""
    actor, realm, user = await target_user(actor, realm_name, user_id, "impersonation")
    if not user.enabled:
        raise InvalidInput("User is disabled")
    same_realm = actor.realm_id == realm.id and actor.session_id is not None
    async with in_transaction():
        if same_realm:
            await Token.filter(session_id=actor.session_id).update(revoked=True)
            await Session.filter(id=actor.session_id).delete()
        session = await Session.create(realm_id=realm.id, user_id=user.id, ip_address=ip)
        await record_login_event(
            realm,
            "IMPERSONATE",
            user_id=user.id,
            session_id=session.id,
            ip_address=ip,
            details={"impersonator_realm": actor.realm_name, "impersonator": actor.username or ""},
        )
    return Impersonation(same_realm=same_realm, redirect=f"{base_url}/realms/{realm.name}/account")
