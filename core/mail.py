"""Sending e-mail through a realm's SMTP settings (Keycloak's ``smtpServer``), off the event loop."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Any


class MailError(Exception):
    """The mail server could not be reached or refused the message."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    sender_name: str | None = None
    reply_to: str | None = None
    user: str | None = None
    password: str | None = None
    auth: bool = False
    ssl: bool = False
    starttls: bool = False
    timeout: float = 10.0


def _flag(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def settings_from(config: dict[str, Any] | None) -> SmtpSettings | None:
    """The SMTP settings of a realm's ``smtpServer`` map; ``None`` when no host or sender is configured."""
    config = config or {}
    if not isinstance(config, dict):
        raise MailError("smtpServer must be an object")
    host, sender = config.get("host"), config.get("from")
    if not host or not sender:
        return None
    ssl_on = _flag(config.get("ssl"))
    raw_port = str(config.get("port") or (465 if ssl_on else 25))
    if not (raw_port.isascii() and raw_port.isdigit() and 0 < int(raw_port) < 65536):
        raise MailError(f"Invalid SMTP port: {raw_port}")
    port = int(raw_port)
    return SmtpSettings(
        host=str(host),
        port=port,
        sender=str(sender),
        sender_name=config.get("fromDisplayName") or None,
        reply_to=config.get("replyTo") or None,
        user=config.get("user") or None,
        password=config.get("password") or None,
        auth=_flag(config.get("auth")),
        ssl=ssl_on,
        starttls=_flag(config.get("starttls")),
    )


def build_message(smtp: SmtpSettings, to: str, subject: str, text: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((smtp.sender_name, smtp.sender)) if smtp.sender_name else smtp.sender
    message["To"] = to
    if smtp.reply_to:
        message["Reply-To"] = smtp.reply_to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
    message.set_content(text)
    return message


def _send(smtp: SmtpSettings, message: EmailMessage) -> None:
    try:
        client: smtplib.SMTP
        if smtp.ssl:
            client = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=smtp.timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        with client:
            if smtp.starttls and not smtp.ssl:
                client.starttls(context=ssl.create_default_context())
            if smtp.auth and smtp.user:
                client.login(smtp.user, smtp.password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(str(exc) or type(exc).__name__) from exc


async def send(smtp: SmtpSettings, to: str, subject: str, text: str) -> None:
    """Send one plain-text message; ``MailError`` on any failure."""
    try:
        message = build_message(smtp, to, subject, text)
    except ValueError as exc:  # a sender, recipient or subject no header can carry
        raise MailError(f"The message cannot be built: {exc}") from exc
    await asyncio.to_thread(_send, smtp, message)
