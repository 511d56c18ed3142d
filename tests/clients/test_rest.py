"""Clients by id: read, update and delete over the core ClientRepresentation fields."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakGetError

from models import User
from tests.support import RunningServer


async def _has_service_account(client_uuid: str) -> bool:
    return await User.filter(service_account_client_id=client_uuid).exists()


def test_client_read_update_delete(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    uuid = kc.create_client({"clientId": "web", "redirectUris": ["https://a.example/*"]})
    client = kc.get_client(uuid)
    assert client["clientId"] == "web" and client["redirectUris"] == ["https://a.example/*"]
    kc.update_client(uuid, {"clientId": "web2", "name": "Web", "publicClient": True, "enabled": False})
    client = kc.get_client(uuid)
    assert (client["clientId"], client["name"], client["publicClient"], client["enabled"]) == (
        "web2",
        "Web",
        True,
        False,
    )
    assert kc.get_client_id("web2") == uuid
    kc.create_client({"clientId": "taken"})
    clash = admin.put(f"/admin/realms/{realm}/clients/{uuid}", json={"clientId": "taken"})
    assert clash.status_code == 409 and clash.json() == {"errorMessage": "Client already exists"}
    assert admin.put(f"/admin/realms/{realm}/clients/{uuid}", json={"enabled": "no"}).status_code == 400
    assert admin.put(f"/admin/realms/{realm}/clients/{uuid}", json={"clientId": ""}).status_code == 400
    assert admin.put(f"/admin/realms/{realm}/clients/{uuid}", content=b"{").status_code == 400
    assert admin.put(f"/admin/realms/{realm}/clients/missing", json={}).status_code == 404
    kc.delete_client(uuid)
    with pytest.raises(KeycloakGetError):
        kc.get_client(uuid)
    assert admin.delete(f"/admin/realms/{realm}/clients/{uuid}").status_code == 404
    events = admin.get(f"/admin/realms/{realm}/admin-events", params={"resourceTypes": "CLIENT"}).json()
    assert {e["operationType"] for e in events if e["resourcePath"] == f"clients/{uuid}"} == {
        "CREATE",
        "UPDATE",
        "DELETE",
    }


def test_deleting_a_client_removes_its_roles_and_service_account(
    kc: KeycloakAdmin, admin: httpx.Client, server: RunningServer, realm: str
) -> None:
    uuid = kc.create_client({"clientId": "svc", "serviceAccountsEnabled": True})
    kc.create_client_role(uuid, {"name": "svc-role"})
    assert server.run(_has_service_account(uuid))
    kc.delete_client(uuid)
    assert not server.run(_has_service_account(uuid))
    assert admin.get(f"/admin/realms/{realm}/clients/{uuid}/roles").status_code == 404
    management = kc.get_client_id("realm-management")
    assert admin.delete(f"/admin/realms/{realm}/clients/{management}").status_code == 400


def test_client_rights(caller_with: Callable[..., httpx.Client], kc: KeycloakAdmin, realm: str) -> None:
    uuid = kc.create_client({"clientId": "guarded"})
    url = f"/admin/realms/{realm}/clients/{uuid}"
    querier = caller_with("query-clients")
    assert querier.get(url).status_code == 403
    viewer = caller_with("view-clients")
    assert viewer.get(url).status_code == 200
    assert viewer.put(url, json={"name": "x"}).status_code == 403
    assert viewer.delete(url).status_code == 403
    manager = caller_with("manage-clients")
    assert manager.put(url, json={"name": "x"}).status_code == 204
    assert manager.delete(url).status_code == 204
