"""Private keys, client secrets and passwords are never stored in plain text."""

from __future__ import annotations

import httpx

from models import Client, Credential, Key
from tests.support import RunningServer


def test_database_holds_no_plain_secret(server: RunningServer, admin: httpx.Client, realm: str) -> None:
    admin.post(
        f"/admin/realms/{realm}/clients",
        json={"clientId": "svc", "secret": "plain-client-secret", "serviceAccountsEnabled": True},
    )
    admin.post(
        f"/admin/realms/{realm}/users",
        json={"username": "sec", "credentials": [{"type": "password", "value": "plain-password"}]},
    )

    async def rows() -> tuple[list[Key], list[Client], list[Credential]]:
        return (
            await Key.filter(realm__name=realm),
            await Client.filter(realm__name=realm, client_id="svc"),
            await Credential.filter(user__username="sec", user__realm__name=realm),
        )

    keys, clients, credentials = server.run(rows())
    assert keys and all(
        k.private_enc and '"d"' not in k.private_enc and "d" not in k.public_jwk for k in keys
    )
    assert "plain-client-secret" not in (clients[0].secret_enc or "")
    assert credentials[0].secret_data.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert "plain-password" not in credentials[0].secret_data
