"""Creating a realm from a full representation: real Keycloak realm exports (tests/data/realms) land with
their roles, clients, groups and users, through every door; a broken export leaves nothing behind."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.support import unique

REALMS = Path(__file__).parent.parent / "data" / "realms"


def _export(name: str, realm: str) -> dict:
    rep = json.loads((REALMS / name).read_text())
    rep["realm"] = rep["id"] = realm
    for item in rep.get("clients", []) + rep.get("users", []):
        item.pop("id", None)  # ids are global: the same export is imported under other names here
        for mapper in item.get("protocolMappers", []):
            mapper.pop("id", None)
    for container in [
        rep.get("roles", {}).get("realm", []),
        *rep.get("roles", {}).get("client", {}).values(),
    ]:
        for role in container:
            role.pop("id", None)
    return rep


def _token(
    client: httpx.Client, realm: str, username: str, password: str, client_id: str = "admin-cli"
) -> dict:
    response = client.post(
        f"/realms/{realm}/protocol/openid-connect/token",
        data={"grant_type": "password", "client_id": client_id, "username": username, "password": password},
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_keycloak_admin_client_testrealm(admin: httpx.Client, anonymous: httpx.Client) -> None:
    realm = unique("test")
    response = admin.post("/admin/realms", json=_export("keycloak-client-testrealm.json", realm))
    assert response.status_code == 201, response.text
    base = f"/admin/realms/{realm}"
    usernames = {u["username"] for u in admin.get(f"{base}/users", params={"max": 100}).json()}
    assert {"test-user@localhost", "john-doh@localhost", "topgroupuser", "level2groupuser"} <= usernames
    roles = {r["name"] for r in admin.get(f"{base}/roles").json()}
    assert {"user", "admin", "customer-user-premium", f"default-roles-{realm}"} <= roles
    top = admin.get(f"{base}/group-by-path/topGroup").json()
    assert top["attributes"] == {"topAttribute": ["true"]}
    level2 = admin.get(f"{base}/group-by-path/topGroup/level2group").json()
    assert level2["path"] == "/topGroup/level2group"
    clients = {c["clientId"]: c for c in admin.get(f"{base}/clients").json()}
    assert "test-app" in clients and "admin-cli" in clients

    claims = _token(anonymous, realm, "test-user@localhost", "password")
    assert claims["access_token"]
    user = admin.get(f"{base}/users", params={"username": "test-user@localhost", "exact": "true"}).json()[0]
    effective = {
        r["name"] for r in admin.get(f"{base}/users/{user['id']}/role-mappings/realm/composite").json()
    }
    assert {"user", "offline_access"} <= effective
    grouped = admin.get(f"{base}/users", params={"username": "level2groupuser", "exact": "true"}).json()[0]
    groups = [g["path"] for g in admin.get(f"{base}/users/{grouped['id']}/groups").json()]
    assert groups == ["/topGroup/level2group"]
    through_groups = admin.get(f"{base}/users/{grouped['id']}/role-mappings/realm/composite").json()
    assert {"admin", "user"} <= {r["name"] for r in through_groups}, "roles through the group and its parent"


def test_roles_named_by_groups_are_created_on_import(admin: httpx.Client, anonymous: httpx.Client) -> None:
    realm = unique("secure")
    response = admin.post(
        "/admin/realms", json=_export("keycloak-client-testrealm-keycloak-6146.json", realm)
    )
    assert response.status_code == 201, response.text
    _token(anonymous, realm, "user1", "Password123!")
    groups = {g["name"] for g in admin.get(f"/admin/realms/{realm}/groups").json()}
    assert groups == {"Mobile Users", "API Access", "Superuser"}, "names, not the export's paths"
    assert "mobile-user" in {r["name"] for r in admin.get(f"/admin/realms/{realm}/roles").json()}, (
        "created on import"
    )


def test_full_server_export_with_hashed_credentials(admin: httpx.Client) -> None:
    realm = unique("fine")
    response = admin.post("/admin/realms", json=_export("keycloak-quickstarts-fine-grain-demo.json", realm))
    assert response.status_code == 201, response.text
    base = f"/admin/realms/{realm}"
    assert admin.get(f"{base}/users/count").json() == 5
    sales = admin.get(f"{base}/group-by-path/sales").json()
    assert sales["name"] == "sales"
    client_roles = {
        c["clientId"]: c["id"]
        for c in admin.get(f"{base}/clients", params={"clientId": "sales-application"}).json()
    }
    names = {r["name"] for r in admin.get(f"{base}/clients/{client_roles['sales-application']}/roles").json()}
    assert names == {"admin", "lead-generator", "viewLeads"}


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"roles": {"realm": [{"name": "r", "composites": {"realm": ["ghost"]}}]}}, "role ghost"),
        ({"groups": [{"name": "g", "clientRoles": {"ghost-client": ["r"]}}]}, "ghost-client"),
        ({"users": [{"username": "u1", "groups": ["/nowhere"]}]}, "group /nowhere"),
        ({"roles": {"realm": [{"description": "no name"}]}}, "needs a name"),
        ({"users": "everyone"}, "users must be a list"),
    ],
)
def test_a_broken_export_is_400_and_leaves_nothing(admin: httpx.Client, patch: dict, message: str) -> None:
    realm = unique("broken")
    response = admin.post("/admin/realms", json={"realm": realm, "enabled": True, **patch})
    assert response.status_code == 400, response.text
    assert message in response.json()["errorMessage"]
    assert admin.get(f"/admin/realms/{realm}").status_code == 404
