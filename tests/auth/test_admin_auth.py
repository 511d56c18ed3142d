"""Admin rights: 401 without a valid token, 403 without the right, nothing across realms."""

from __future__ import annotations

import httpx
import pytest
from keycloak import KeycloakAdmin

from models import Role, User, UserRoleMapping
from tests.support import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    RunningServer,
    admin_client_id,
    password_token,
    unique,
)


def test_python_keycloak_constructor_works_unchanged(base_url: str) -> None:
    kc = KeycloakAdmin(
        server_url=base_url, username=ADMIN_USERNAME, password=ADMIN_PASSWORD, realm_name="master"
    )
    assert "master" in [r["realm"] for r in kc.get_realms()]


@pytest.mark.parametrize("header", [None, "Bearer garbage", "Basic abc", "Bearer a.b.c"])
def test_missing_or_bad_token_is_401(anonymous: httpx.Client, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    for path in ("/admin/realms", "/admin/realms/master/users", "/admin/realms/master/events"):
        assert anonymous.get(path, headers=headers).status_code == 401, path


def _grant(server: RunningServer, realm: str, username: str, roles: list[str]) -> None:
    async def grant() -> None:
        user = await User.get(realm__name=realm, username=username)
        for name in roles:
            role = await Role.get(realm__name=realm, client__client_id=admin_client_id(realm), name=name)
            await UserRoleMapping.create(user_id=user.id, role_id=role.id)

    server.run(grant())


def _realm_user(admin: httpx.Client, realm: str) -> str:
    username = unique("op")
    response = admin.post(
        f"/admin/realms/{realm}/users",
        json={"username": username, "enabled": True, "credentials": [{"type": "password", "value": "pw"}]},
    )
    assert response.status_code == 201
    return username


def test_realm_admin_rights_stay_in_their_realm(
    server: RunningServer, admin: httpx.Client, base_url: str
) -> None:
    realm_a, realm_b = unique("a"), unique("b")
    for name in (realm_a, realm_b):
        assert admin.post("/admin/realms", json={"realm": name, "enabled": True}).status_code == 201
    viewer = _realm_user(admin, realm_a)
    _grant(server, realm_a, viewer, ["view-users"])
    token = password_token(base_url, realm_a, viewer, "pw")
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        assert client.get(f"/admin/realms/{realm_a}/users").status_code == 200
        assert client.get(f"/admin/realms/{realm_a}/users/count").status_code == 200
        assert client.post(f"/admin/realms/{realm_a}/users", json={"username": "x"}).status_code == 403
        assert client.put(f"/admin/realms/{realm_a}", json={"displayName": "x"}).status_code == 403
        assert client.get(f"/admin/realms/{realm_a}/events").status_code == 403
        assert client.get(f"/admin/realms/{realm_b}/users").status_code == 403
        assert client.get(f"/admin/realms/{realm_b}").status_code == 403
        assert client.get("/admin/realms/not-there/users").status_code == 403, "existence is not revealed"
        assert client.post("/admin/realms", json={"realm": unique("c")}).status_code == 403
        assert [r["realm"] for r in client.get("/admin/realms").json()] == [realm_a]

    manager = _realm_user(admin, realm_a)
    _grant(server, realm_a, manager, ["realm-admin"])
    token = password_token(base_url, realm_a, manager, "pw")
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        assert (
            client.post(f"/admin/realms/{realm_a}/users", json={"username": "made-by-admin"}).status_code
            == 201
        )
        assert client.put(f"/admin/realms/{realm_a}", json={"displayName": "A"}).status_code == 204
        assert client.delete(f"/admin/realms/{realm_b}").status_code == 403


def test_user_without_admin_roles_is_403(admin: httpx.Client, base_url: str, realm: str) -> None:
    plain = _realm_user(admin, realm)
    token = password_token(base_url, realm, plain, "pw")
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        assert client.get(f"/admin/realms/{realm}/users").status_code == 403
        assert client.get("/admin/realms").status_code == 403
