"""Fixtures for the identity core: a python-keycloak admin on a fresh realm, and callers holding only
some realm-management roles."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from keycloak import KeycloakAdmin

from tests.support import admin_client_id, password_token, unique


@pytest.fixture
def kc(kc_admin: KeycloakAdmin, realm: str) -> KeycloakAdmin:
    kc_admin.change_current_realm(realm)
    return kc_admin


def client_uuid(admin: httpx.Client, realm: str, client_id: str) -> str:
    response = admin.get(f"/admin/realms/{realm}/clients", params={"clientId": client_id})
    assert response.status_code == 200, response.text
    return str(response.json()[0]["id"])


def create_group(kc: KeycloakAdmin, payload: dict[str, Any], parent: str | None = None) -> str:
    """The new group's id: python-keycloak's ``create_group`` may return None, but only with skip_exists."""
    group_id = kc.create_group(payload, parent=parent)
    assert group_id is not None
    return group_id


@pytest.fixture
def caller_with(admin: httpx.Client, base_url: str, realm: str) -> Iterator[Callable[..., httpx.Client]]:
    """Make a user of ``realm`` holding only the given realm-management roles, and an httpx client as it."""
    opened: list[httpx.Client] = []

    def make(*role_names: str) -> httpx.Client:
        username, password = unique("limited"), "limited-password"
        response = admin.post(
            f"/admin/realms/{realm}/users",
            json={
                "username": username,
                "enabled": True,
                "credentials": [{"type": "password", "value": password, "temporary": False}],
            },
        )
        assert response.status_code == 201, response.text
        user_id = response.headers["Location"].rsplit("/", 1)[1]
        management = client_uuid(admin, realm, admin_client_id(realm))
        if role_names:
            roles = [
                admin.get(f"/admin/realms/{realm}/clients/{management}/roles/{name}").json()
                for name in role_names
            ]
            response = admin.post(
                f"/admin/realms/{realm}/users/{user_id}/role-mappings/clients/{management}", json=roles
            )
            assert response.status_code == 204, response.text
        token = password_token(base_url, realm, username, password)
        client = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.close()
