"""A client's secret, its rotated secret and its registration access token."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from keycloak import KeycloakAdmin

from models import Client
from tests.support import RunningServer


async def _row(client_uuid: str) -> Client:
    return await Client.get(id=client_uuid)


def _token(anonymous: httpx.Client, realm: str, client_id: str, secret: str) -> int:
    response = anonymous.post(
        f"/realms/{realm}/protocol/openid-connect/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    return response.status_code


def test_read_and_regenerate_the_secret(
    kc: KeycloakAdmin, anonymous: httpx.Client, realm: str, server: RunningServer
) -> None:
    uuid = kc.create_client({"clientId": "svc", "serviceAccountsEnabled": True})
    first = kc.get_client_secrets(uuid)
    assert first["type"] == "secret" and first["value"] == kc.get_client(uuid)["secret"]
    assert _token(anonymous, realm, "svc", first["value"]) == 200
    second = kc.generate_client_secrets(uuid)
    assert second["type"] == "secret" and second["value"] != first["value"]
    assert kc.get_client_secrets(uuid) == second
    assert _token(anonymous, realm, "svc", second["value"]) == 200
    # Without a rotation policy the previous secret stops working at once.
    assert _token(anonymous, realm, "svc", first["value"]) == 401
    row = server.run(_row(uuid))
    assert second["value"] not in (row.secret_enc or "") and row.secret_rotated_enc is None


def test_a_rotation_policy_keeps_the_previous_secret_until_removed(
    kc: KeycloakAdmin, admin: httpx.Client, anonymous: httpx.Client, realm: str, server: RunningServer
) -> None:
    policies = {
        "clientProfiles": {
            "profiles": [
                {
                    "name": "rotate",
                    "executors": [
                        {
                            "executor": "secret-rotation",
                            "configuration": {"rotated-expiration-period": "3600"},
                        }
                    ],
                }
            ]
        },
        # A policy reaches clients through its conditions: Keycloak applies none without one.
        "clientPolicies": {
            "policies": [
                {
                    "name": "all",
                    "enabled": True,
                    "conditions": [{"condition": "any-client", "configuration": {}}],
                    "profiles": ["rotate"],
                }
            ]
        },
    }
    assert admin.put(f"/admin/realms/{realm}", json=policies).status_code == 204
    uuid = kc.create_client({"clientId": "rot", "serviceAccountsEnabled": True})
    url = f"/admin/realms/{realm}/clients/{uuid}/client-secret/rotated"
    missing = admin.get(url)
    assert missing.status_code == 404 and missing.json()["error"] == "Client does not have a rotated secret"
    old = kc.get_client_secrets(uuid)["value"]
    new = kc.generate_client_secrets(uuid)["value"]
    rotated = admin.get(url).json()
    assert rotated["type"] == "secret" and rotated["value"] == old and rotated["expiresAt"] > 0
    assert _token(anonymous, realm, "rot", old) == 200 and _token(anonymous, realm, "rot", new) == 200
    row = server.run(_row(uuid))
    assert row.secret_rotated_enc and old not in row.secret_rotated_enc
    assert admin.delete(url).status_code == 204
    assert admin.get(url).status_code == 404
    assert _token(anonymous, realm, "rot", old) == 401 and _token(anonymous, realm, "rot", new) == 200


def test_registration_access_token(
    kc: KeycloakAdmin, admin: httpx.Client, realm: str, server: RunningServer
) -> None:
    uuid = kc.create_client({"clientId": "reg"})
    url = f"/admin/realms/{realm}/clients/{uuid}/registration-access-token"
    first = admin.post(url)
    assert first.status_code == 200
    token = first.json()["registrationAccessToken"]
    assert first.json()["clientId"] == "reg" and len(token) > 40
    again = admin.post(url).json()["registrationAccessToken"]
    assert again != token
    assert "registrationAccessToken" not in kc.get_client(uuid)
    row = server.run(_row(uuid))
    assert row.registration_token_hash and again not in row.registration_token_hash
    assert admin.post(f"/admin/realms/{realm}/clients/missing/registration-access-token").status_code == 404


def test_secret_rights(caller_with: Callable[..., httpx.Client], kc: KeycloakAdmin, realm: str) -> None:
    uuid = kc.create_client({"clientId": "guarded"})
    base = f"/admin/realms/{realm}/clients/{uuid}"
    viewer = caller_with("view-clients")
    assert viewer.get(base + "/client-secret").status_code == 200
    assert viewer.post(base + "/client-secret").status_code == 403
    assert viewer.delete(base + "/client-secret/rotated").status_code == 403
    assert viewer.post(base + "/registration-access-token").status_code == 403
    assert caller_with().get(base + "/client-secret").status_code == 403
    manager = caller_with("manage-clients", "view-clients")
    assert manager.post(base + "/client-secret").status_code == 200
    assert manager.get(f"/admin/realms/{realm}/clients/missing/client-secret").status_code == 404
