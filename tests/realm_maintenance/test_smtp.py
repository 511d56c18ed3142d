"""``testSMTPConnection``: a real SMTP conversation with a local responder, a refusing port, the masked
password standing for the stored one, and Keycloak's 500s when the caller has no e-mail or the server
fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from resolvers.realm_maintenance.smtp_test import _settings
from tests.keycloak_fixtures import client_uuid
from tests.realm_maintenance.smtp_responder import smtp_server
from tests.support import free_port, password_token, unique


def _mailer(admin: httpx.Client, base_url: str, realm: str, email: str | None) -> httpx.Client:
    """A user of ``realm`` holding manage-realm, with ``email``, and an httpx client as it."""
    username = unique("mailer")
    created = admin.post(
        f"/admin/realms/{realm}/users",
        json={
            "username": username,
            "email": email,
            "enabled": True,
            "credentials": [{"type": "password", "value": "mailer-password", "temporary": False}],
        },
    )
    assert created.status_code == 201, created.text
    user_id = created.headers["Location"].rsplit("/", 1)[1]
    management = client_uuid(admin, realm, "realm-management")
    role = admin.get(f"/admin/realms/{realm}/clients/{management}/roles/manage-realm").json()
    url = f"/admin/realms/{realm}/users/{user_id}/role-mappings/clients/{management}"
    assert admin.post(url, json=[role]).status_code == 204
    token = password_token(base_url, realm, username, "mailer-password")
    return httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def _smtp(port: int, **more: Any) -> dict[str, Any]:
    return {"host": "127.0.0.1", "port": str(port), "from": "noreply@example.org", **more}


def test_test_message_reaches_the_callers_address(admin: httpx.Client, base_url: str, realm: str) -> None:
    with _mailer(admin, base_url, realm, "mailer@example.org") as mailer, smtp_server() as (port, mailbox):
        sent = mailer.post(
            f"/admin/realms/{realm}/testSMTPConnection", json=_smtp(port, fromDisplayName="Realm")
        )
        assert sent.status_code == 204, sent.text
    [message] = mailbox.messages
    assert message.sender == "noreply@example.org" and message.recipients == ["mailer@example.org"]
    assert "Subject: [KEYCLOAK] - SMTP test message" in message.data
    assert "This is a test message" in message.data


def test_failures_are_keycloaks_500s(admin: httpx.Client, base_url: str, realm: str) -> None:
    url = f"/admin/realms/{realm}/testSMTPConnection"
    with _mailer(admin, base_url, realm, "mailer@example.org") as mailer:
        refused = mailer.post(url, json=_smtp(free_port()))
        assert refused.status_code == 500 and refused.json() == {"errorMessage": "Failed to send email"}
        no_host = mailer.post(url, json={"from": "noreply@example.org"})
        assert no_host.status_code == 500 and no_host.json() == {"errorMessage": "Failed to send email"}
        bad_port = mailer.post(url, json=_smtp(0) | {"port": "smtp"})
        assert bad_port.status_code == 500
        assert mailer.post(url, json=["not", "settings"]).status_code == 400
    with smtp_server() as (port, mailbox):
        # The master admin has no e-mail address: Keycloak's answer, and nothing is sent.
        nobody = admin.post(url, json=_smtp(port))
        assert nobody.status_code == 500
        assert nobody.json() == {"errorMessage": "Logged in user does not have an e-mail."}
    assert mailbox.messages == []


def test_rights(caller_with: Callable[..., httpx.Client], realm: str) -> None:
    viewer = caller_with("view-realm")
    assert viewer.post(f"/admin/realms/{realm}/testSMTPConnection", json=_smtp(25)).status_code == 403


def test_masked_password_is_the_stored_one() -> None:
    stored = {"password": "stored-secret"}
    assert _settings({"password": "**********", "auth": True}, stored) == {
        "password": "stored-secret",
        "auth": "true",
    }
    assert _settings({"password": "given", "port": 25}, stored) == {"password": "given", "port": "25"}


def test_stored_password_is_used_through_the_api(admin: httpx.Client, base_url: str, realm: str) -> None:
    settings = _smtp(25, auth="true", user="u", password="stored-secret")
    assert admin.put(f"/admin/realms/{realm}", json={"smtpServer": settings}).status_code == 204
    shown = admin.get(f"/admin/realms/{realm}").json()["smtpServer"]
    assert shown["password"] == "**********"
    url = f"/admin/realms/{realm}/testSMTPConnection"
    with _mailer(admin, base_url, realm, "mailer@example.org") as mailer, smtp_server() as (port, mailbox):
        assert mailer.post(url, json={**shown, "port": str(port)}).status_code == 204
        assert mailer.post(url, json={**shown, "port": str(port), "password": "typed"}).status_code == 204
    assert mailbox.logins == [("u", "stored-secret"), ("u", "typed")]
    assert len(mailbox.messages) == 2
