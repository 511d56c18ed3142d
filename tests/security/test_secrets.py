"""Secrets are never shown: a realm's SMTP secrets are masked (``**********``) in every representation, to
every caller, in REST, GraphQL and admin events; a masked value given back means "unchanged"; they are
sealed at rest; and an admin without view-realm sees only the few settings Keycloak shows such a caller."""

from __future__ import annotations

import base64
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from models import Realm
from resolvers.kit import secrets
from resolvers.realms.crud import seal_plain_secrets
from tests.graphql_client import gql
from tests.support import RunningServer, free_port, unique
from tests.users.helpers import limited_admin, make_user, set_realm

MASK = "**********"
SMTP_PASSWORD = "smtp-pass-Zq8"
REDUCED = {
    "realm",
    "displayName",
    "displayNameHtml",
    "defaultLocale",
    "supportedLocales",
    "bruteForceProtected",
    "registrationEmailAsUsername",
}

REALM_SETTINGS = """
query($name: String!) {
  realm(name: $name) { name settings accessTokenLifespan registrationAllowed bruteForceProtected }
}"""
REALM_UPDATE = """
mutation($name: String!, $input: RealmInput!) {
  realmUpdate(name: $name, input: $input) { realm { settings } errors { message field } }
}"""


class AuthSmtpSink:
    """An SMTP server that asks for AUTH PLAIN and keeps the credentials it was given."""

    def __init__(self) -> None:
        self.port = free_port()
        self.logins: list[tuple[str, str]] = []
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", self.port))
        self._sock.listen(4)
        self._done = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with conn, conn.makefile("rb") as reader:
                conn.sendall(b"220 sink ESMTP\r\n")
                for raw in reader:
                    command = raw.decode().strip()
                    verb = command[:4].upper()
                    if verb == "EHLO":
                        conn.sendall(b"250-sink\r\n250 AUTH PLAIN\r\n")
                    elif verb == "AUTH":
                        _, user, password = base64.b64decode(command.split()[2]).split(b"\0")
                        self.logins.append((user.decode(), password.decode()))
                        conn.sendall(b"235 ok\r\n")
                    elif verb == "DATA":
                        conn.sendall(b"354 go\r\n")
                        for line in reader:
                            if line in (b".\r\n", b".\n"):
                                break
                        conn.sendall(b"250 queued\r\n")
                        self._done.set()
                    elif verb == "QUIT":
                        conn.sendall(b"221 bye\r\n")
                        break
                    else:
                        conn.sendall(b"250 ok\r\n")

    def wait(self) -> None:
        assert self._done.wait(5), "no message arrived"
        self._done.clear()

    def close(self) -> None:
        self._sock.close()


@contextmanager
def auth_smtp_sink() -> Iterator[AuthSmtpSink]:
    sink = AuthSmtpSink()
    try:
        yield sink
    finally:
        sink.close()


def _smtp(port: int, password: Any = SMTP_PASSWORD) -> dict[str, Any]:
    return {
        "host": "127.0.0.1",
        "port": str(port),
        "from": "noreply@example.org",
        "auth": "true",
        "user": "mailer",
        "password": password,
    }


def _send_mail(admin: httpx.Client, realm: str, user_id: str) -> None:
    response = admin.put(
        f"/admin/realms/{realm}/users/{user_id}/execute-actions-email", json=["VERIFY_EMAIL"]
    )
    assert response.status_code == 204, response.text


def _stored_config(server: RunningServer, realm: str) -> dict[str, Any]:
    async def read() -> dict[str, Any]:
        return dict((await Realm.get(name=realm)).config)

    return dict(server.run(read()))


def test_every_caller_sees_the_smtp_secrets_masked(admin: httpx.Client, realm: str) -> None:
    set_realm(
        admin,
        realm,
        smtpServer={**_smtp(25), "authTokenClientSecret": "token-secret", "replyTo": "r@example.org"},
    )
    smtp = admin.get(f"/admin/realms/{realm}").json()["smtpServer"]
    assert smtp["password"] == MASK and smtp["authTokenClientSecret"] == MASK
    assert smtp["host"] == "127.0.0.1" and smtp["replyTo"] == "r@example.org" and smtp["user"] == "mailer"
    listed = next(r for r in admin.get("/admin/realms").json() if r["realm"] == realm)
    assert listed["smtpServer"]["password"] == MASK
    settings = gql(admin, REALM_SETTINGS, name=realm)["realm"]["settings"]
    assert settings["smtpServer"]["password"] == MASK
    assert SMTP_PASSWORD not in json.dumps(settings) and "token-secret" not in json.dumps(settings)


def test_a_vault_reference_is_shown_as_it_is(admin: httpx.Client, realm: str) -> None:
    set_realm(admin, realm, smtpServer={**_smtp(25), "password": "${vault.smtp}"})
    assert admin.get(f"/admin/realms/{realm}").json()["smtpServer"]["password"] == "${vault.smtp}"


def test_the_secret_is_sealed_at_rest_and_used_to_send_mail(
    server: RunningServer, admin: httpx.Client, realm: str
) -> None:
    user_id = make_user(admin, realm, email="mail@example.org")
    with auth_smtp_sink() as sink:
        set_realm(admin, realm, smtpServer=_smtp(sink.port))
        stored = _stored_config(server, realm)["smtpServer"]
        assert SMTP_PASSWORD not in json.dumps(stored) and secrets.is_sealed(stored["password"])
        _send_mail(admin, realm, user_id)
        sink.wait()
        assert sink.logins[-1] == ("mailer", SMTP_PASSWORD)

        # What a GET answers, PUT back as it is (the masked password with it), changes nothing.
        current = admin.get(f"/admin/realms/{realm}").json()
        assert admin.put(f"/admin/realms/{realm}", json=current).status_code == 204
        _send_mail(admin, realm, user_id)
        sink.wait()
        assert sink.logins[-1] == ("mailer", SMTP_PASSWORD)

        set_realm(admin, realm, smtpServer=_smtp(sink.port, "a-new-one"))
        _send_mail(admin, realm, user_id)
        sink.wait()
        assert sink.logins[-1] == ("mailer", "a-new-one")


def test_a_masked_secret_given_through_graphql_is_unchanged(
    server: RunningServer, admin: httpx.Client, realm: str
) -> None:
    set_realm(admin, realm, smtpServer=_smtp(25))
    changed = gql(
        admin, REALM_UPDATE, name=realm, input={"settings": {"smtpServer": {**_smtp(26), "password": MASK}}}
    )["realmUpdate"]
    assert changed["errors"] == [] and changed["realm"]["settings"]["smtpServer"]["password"] == MASK
    stored = secrets.reveal("REALM", _stored_config(server, realm))["smtpServer"]
    assert stored["password"] == SMTP_PASSWORD and stored["port"] == "26"


def test_a_secret_that_is_not_a_string_is_refused(admin: httpx.Client, realm: str) -> None:
    response = admin.put(f"/admin/realms/{realm}", json={"smtpServer": {"host": "h", "password": ["x"]}})
    assert response.status_code == 400
    assert response.json()["field"] == "smtpServer.password"
    failed = gql(
        admin, REALM_UPDATE, name=realm, input={"settings": {"smtpServer": {"password": {"sealed": "v1:x"}}}}
    )["realmUpdate"]
    assert failed["errors"][0]["field"] == "smtpServer.password"


def test_a_secret_stored_in_the_clear_is_sealed_on_start(server: RunningServer, admin: httpx.Client) -> None:
    name = unique("legacy")
    assert admin.post("/admin/realms", json={"realm": name, "enabled": True}).status_code == 201

    async def store_in_the_clear() -> None:
        realm = await Realm.get(name=name)
        realm.config = {**realm.config, "smtpServer": {"host": "h", "password": "old-plain"}}
        await realm.save()

    server.run(store_in_the_clear())
    assert admin.get(f"/admin/realms/{name}").json()["smtpServer"]["password"] == MASK
    assert server.run(seal_plain_secrets()) >= 1
    stored = _stored_config(server, name)["smtpServer"]
    assert secrets.is_sealed(stored["password"]) and "old-plain" not in json.dumps(stored)
    assert secrets.reveal("REALM", _stored_config(server, name))["smtpServer"]["password"] == "old-plain"
    admin.delete(f"/admin/realms/{name}")


@pytest.mark.parametrize("role", ["view-users", "query-groups"])
def test_an_admin_without_view_realm_sees_the_reduced_realm(
    server: RunningServer, admin: httpx.Client, realm: str, role: str
) -> None:
    set_realm(admin, realm, smtpServer=_smtp(25), displayName="Shown")
    with limited_admin(server, admin, realm, role) as limited:
        rep = limited.get(f"/admin/realms/{realm}").json()
        expected = REDUCED if role == "view-users" else REDUCED - {"registrationEmailAsUsername"}
        assert set(rep) == expected - {"displayNameHtml", "defaultLocale"}, "unset ones are left out"
        assert rep["realm"] == realm and rep["displayName"] == "Shown"
        assert limited.get("/admin/realms").json() == [{"realm": realm}]
        found = gql(limited, REALM_SETTINGS, name=realm)["realm"]
        assert "smtpServer" not in found["settings"] and found["settings"]["displayName"] == "Shown"
        assert found["accessTokenLifespan"] is None and found["registrationAllowed"] is None
        assert found["bruteForceProtected"] is False
    with limited_admin(server, admin, realm, "view-realm") as viewer:
        rep = viewer.get(f"/admin/realms/{realm}").json()
        assert rep["smtpServer"]["password"] == MASK and rep["accessTokenLifespan"] == 300


def _admin_events(admin: httpx.Client, realm: str, resource_type: str) -> list[dict[str, Any]]:
    events = admin.get(f"/admin/realms/{realm}/admin-events", params={"resourceTypes": resource_type})
    return [json.loads(e["representation"]) for e in events.json() if "representation" in e]


def test_admin_events_record_no_secret(admin: httpx.Client, realm: str) -> None:
    set_realm(admin, realm, adminEventsEnabled=True, adminEventsDetailsEnabled=True)
    set_realm(admin, realm, smtpServer=_smtp(25))
    [updated] = [r for r in _admin_events(admin, realm, "REALM") if "smtpServer" in r]
    assert updated["smtpServer"]["password"] == MASK
    response = admin.post(
        f"/admin/realms/{realm}/clients",
        json={
            "clientId": "with-secret",
            "secret": "client-secret-1",
            "attributes": {"client.secret.rotated": "old"},
        },
    )
    assert response.status_code == 201
    [created] = _admin_events(admin, realm, "CLIENT")
    assert created["secret"] == MASK and created["attributes"]["client.secret.rotated"] == MASK
    shown = admin.get(f"/admin/realms/{realm}/clients", params={"clientId": "with-secret"}).json()[0]
    # The secret itself is in the representation, as Keycloak's ClientRepresentation carries it.
    assert shown["attributes"]["client.secret.rotated"] == MASK


def test_the_admin_event_of_an_import_records_no_secret(admin: httpx.Client) -> None:
    name = unique("imported")
    export = {
        "realm": name,
        "enabled": True,
        "adminEventsEnabled": True,
        "adminEventsDetailsEnabled": True,
        "smtpServer": {"host": "h", "password": SMTP_PASSWORD},
        "clients": [
            {
                "clientId": "app",
                "secret": "client-secret-2",
                "attributes": {"saml.signing.private.key": "private-key-4"},
            }
        ],
        "users": [{"username": "u", "credentials": [{"type": "password", "value": "user-pass-3"}]}],
        "identityProviders": [
            {"alias": "idp", "providerId": "oidc", "config": {"clientSecret": "idp-secret"}}
        ],
    }
    assert admin.post("/admin/realms", json=export).status_code == 201
    [recorded] = _admin_events(admin, name, "REALM")
    text = json.dumps(recorded)
    for secret in (SMTP_PASSWORD, "client-secret-2", "user-pass-3", "idp-secret", "private-key-4"):
        assert secret not in text
    assert recorded["smtpServer"]["password"] == MASK and recorded["clients"][0]["secret"] == MASK
    assert "credentials" not in recorded["users"][0]
    assert recorded["identityProviders"][0]["config"]["clientSecret"] == MASK
    admin.delete(f"/admin/realms/{name}")


def _client_token(base_url: str, realm: str, client_id: str, secret: str) -> int:
    response = httpx.post(
        f"{base_url}/realms/{realm}/protocol/openid-connect/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    return response.status_code


def test_a_masked_client_secret_is_never_the_secret(base_url: str, admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/clients"
    made = admin.post(base, json={"clientId": "masked", "secret": MASK, "serviceAccountsEnabled": True})
    assert made.status_code == 201
    assert _client_token(base_url, realm, "masked", MASK) == 401, "a new client gets a generated secret"
    made = admin.post(
        base, json={"clientId": "kept", "secret": "real-secret-1", "serviceAccountsEnabled": True}
    )
    client_uuid = made.headers["Location"].rsplit("/", 1)[1]
    assert admin.put(f"{base}/{client_uuid}", json={"clientId": "kept", "secret": MASK}).status_code == 204
    assert _client_token(base_url, realm, "kept", "real-secret-1") == 200, "unchanged"
    assert _client_token(base_url, realm, "kept", MASK) == 401
