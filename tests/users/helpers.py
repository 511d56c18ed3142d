"""Helpers for the user-administration tests: users with passwords, realm settings, a limited admin
and a local SMTP sink that keeps every message it receives."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import httpx

from models import Client, Realm, Role, User, UserRoleMapping
from tests.support import RunningServer, admin_client_id, free_port, unique

PASSWORD = "Secret-pass-1"


def make_user(
    admin: httpx.Client,
    realm: str,
    *,
    email: str | None = None,
    password: str | None = PASSWORD,
    **extra: Any,
) -> str:
    rep: dict[str, Any] = {"username": unique("user"), "enabled": True, **extra}
    if email:
        rep["email"] = email
    if password:
        rep["credentials"] = [{"type": "password", "value": password, "temporary": False}]
    response = admin.post(f"/admin/realms/{realm}/users", json=rep)
    assert response.status_code == 201, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


def username_of(admin: httpx.Client, realm: str, user_id: str) -> str:
    return str(admin.get(f"/admin/realms/{realm}/users/{user_id}").json()["username"])


def set_realm(admin: httpx.Client, realm: str, **settings: Any) -> None:
    response = admin.put(f"/admin/realms/{realm}", json=settings)
    assert response.status_code == 204, response.text


def login(base_url: str, realm: str, username: str, password: str) -> httpx.Response:
    return httpx.post(
        f"{base_url}/realms/{realm}/protocol/openid-connect/token",
        data={"grant_type": "password", "client_id": "admin-cli", "username": username, "password": password},
    )


async def _grant(user_id: str, roles: tuple[str, ...]) -> None:
    user = await User.get(id=user_id)
    realm = await Realm.get(id=user.realm_id)
    client = await Client.get(realm_id=realm.id, client_id=admin_client_id(realm.name))
    for role in await Role.filter(client_id=client.id, name__in=list(roles)):
        await UserRoleMapping.get_or_create(user_id=user_id, role_id=role.id)


def limited_admin(server: RunningServer, admin: httpx.Client, realm: str, *roles: str) -> httpx.Client:
    """An httpx client for a user of ``realm`` holding only the given realm-management roles."""
    user_id = make_user(admin, realm)
    server.run(_grant(user_id, roles))
    token = login(server.base_url, realm, username_of(admin, realm, user_id), PASSWORD)
    assert token.status_code == 200, token.text
    return httpx.Client(
        base_url=server.base_url,
        timeout=30,
        headers={"Authorization": f"Bearer {token.json()['access_token']}"},
    )


class SmtpSink:
    """A minimal SMTP server on a socket, one thread per connection, keeping the messages received."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", self.port))
        self._sock.listen(8)
        self._received = threading.Condition()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn: socket.socket) -> None:
        with conn, conn.makefile("rb") as reader:

            def say(line: str) -> None:
                conn.sendall(line.encode() + b"\r\n")

            say("220 sink ESMTP")
            sender, recipients = "", []
            while True:
                raw = reader.readline()
                if not raw:
                    return
                command = raw.decode(errors="replace").strip()
                verb = command[:4].upper()
                if verb in ("EHLO", "HELO"):
                    say("250 sink")
                elif verb == "MAIL":
                    sender = command.split(":", 1)[1].strip().strip("<>")
                    say("250 OK")
                elif verb == "RCPT":
                    recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                    say("250 OK")
                elif verb == "DATA":
                    say("354 End data with <CR><LF>.<CR><LF>")
                    lines = []
                    while True:
                        line = reader.readline()
                        if line in (b".\r\n", b".\n", b""):
                            break
                        lines.append(line[1:] if line.startswith(b"..") else line)
                    message = message_from_bytes(b"".join(lines), policy=policy.default)
                    with self._received:
                        self.envelopes.append((sender, recipients))
                        self.messages.append(message)  # type: ignore[arg-type]
                        self._received.notify_all()
                    sender, recipients = "", []
                    say("250 OK queued")
                elif verb == "QUIT":
                    say("221 Bye")
                    return
                else:
                    say("250 OK")

    def wait_for(self, count: int, timeout: float = 5) -> list[EmailMessage]:
        with self._received:
            self._received.wait_for(lambda: len(self.messages) >= count, timeout)
        return list(self.messages)

    def close(self) -> None:
        self._sock.close()


@contextmanager
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    try:
        yield sink
    finally:
        sink.close()


async def _store_providers(realm: str, aliases: tuple[str, ...]) -> None:
    from models import IdentityProvider, Realm

    row = await Realm.get(name=realm)
    for alias in aliases:
        await IdentityProvider.create(realm_id=row.id, alias=alias, provider_id="oidc")


def add_identity_providers(server: RunningServer, realm: str, *aliases: str) -> None:
    """Identity providers stored directly, for tests of what links to them."""
    server.run(_store_providers(realm, aliases))
