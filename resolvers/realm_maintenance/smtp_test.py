"""``testSMTPConnection``: send Keycloak's test message to the caller, through SMTP settings as the admin
console sends them (the form's ``smtpServer`` map, not yet saved). A masked password stands for the
realm's stored one. Failures are Keycloak's 500s; the conversation is bounded by a timeout."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from core import mail
from core.errors import InvalidInput, MailFailed
from models import User
from resolvers.kit import lookup, rights, secrets
from resolvers.kit.actor import Actor

TIMEOUT_SECONDS = 10.0
SUBJECT = "[KEYCLOAK] - SMTP test message"
TEXT = "This is a test message"
NO_EMAIL = "Logged in user does not have an e-mail."
FAILED = "Failed to send email"


def _settings(given: Mapping[str, Any], stored: Mapping[str, Any]) -> dict[str, str]:
    settings = {k: "" if v is None else v if isinstance(v, str) else str(v).lower() for k, v in given.items()}
    if settings.get("password") == secrets.SECRET_VALUE:
        settings["password"] = stored.get("password") or ""
    return settings


async def test_connection(actor: Actor | None, realm_name: str, given: Any) -> None:
    actor = rights.require(actor, realm_name, "manage-realm")
    if not isinstance(given, Mapping):
        raise InvalidInput("The body must be a JSON object of SMTP settings")
    realm = await lookup.realm_by_name(realm_name)
    user = await User.get_or_none(id=actor.user_id) if actor.user_id else None
    if user is None or not user.email:
        raise MailFailed(NO_EMAIL)
    stored = secrets.reveal("REALM", realm.config).get("smtpServer")
    try:
        smtp = mail.settings_from(_settings(given, stored if isinstance(stored, Mapping) else {}))
        if smtp is None:
            raise mail.MailError("No host or sender")
        await mail.send(dataclasses.replace(smtp, timeout=TIMEOUT_SECONDS), user.email, SUBJECT, TEXT)
    except mail.MailError as exc:
        raise MailFailed(FAILED) from exc
