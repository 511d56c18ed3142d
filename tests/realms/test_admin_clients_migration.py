"""A database of the version before master's admin clients (master's admin roles in its realm-management
client, with a realm-admin role; no ``<realm>-realm`` clients) moves over on upgrade (migration 0008),
every admin keeping its rights."""

from __future__ import annotations

import asyncio
import re
import tempfile
from typing import Any

import httpx
from tortoise import Tortoise, connections

from iamgraph.db import tortoise_config
from resolvers.kit.rights import REALM_ADMIN_ROLES
from tests.support import ADMIN_PASSWORD, fresh_database_url, password_token, serve_process

PASSWORD = "old-admin-password"


async def _sql(sql: str, *params: Any) -> list[dict[str, Any]]:
    conn = connections.get("default")
    if conn.capabilities.dialect == "postgres":
        counter = iter(range(1, 100))
        sql = re.sub(r"\?", lambda _: f"${next(counter)}", sql)
    return list(await conn.execute_query_dict(sql, list(params)))


async def _as_before(url: str, users: dict[str, str], group_id: str) -> None:
    """Put master back the way the previous version seeded it, realm-admin held by ``boss`` and the
    group, and forget that migration 0008 ran."""
    await Tortoise.init(config=tortoise_config(url))
    try:
        master = (await _sql("SELECT id FROM realm WHERE name = ?", "master"))[0]["id"]
        clients = {
            r["client_id"]: r["id"]
            for r in await _sql("SELECT id, client_id FROM client WHERE realm_id = ?", master)
        }
        management = clients["master-realm"]
        await _sql(
            "UPDATE client SET client_id = ?, name = ? WHERE id = ?",
            "realm-management",
            "${client_realm-management}",
            management,
        )
        children = [r["id"] for r in await _sql("SELECT id FROM role WHERE client_id = ?", management)]
        await _sql(
            "INSERT INTO role (id, realm_id, client_id, container_id, name, description, attributes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            "old-realm-admin",
            master,
            management,
            management,
            "realm-admin",
            "${role_realm-admin}",
            "{}",
        )
        admin_role = (await _sql("SELECT id FROM role WHERE container_id = ? AND name = ?", master, "admin"))[
            0
        ]
        links = [("old-realm-admin", child) for child in children] + [(admin_role["id"], "old-realm-admin")]
        for parent, child in links:
            await _sql("INSERT INTO role_composite (parent_id, child_id) VALUES (?, ?)", parent, child)
        await _sql(
            "INSERT INTO user_role_mapping (user_id, role_id) VALUES (?, ?)", users["boss"], "old-realm-admin"
        )
        await _sql(
            "INSERT INTO group_role_mapping (group_id, role_id) VALUES (?, ?)", group_id, "old-realm-admin"
        )
        old = clients["old-realm"]
        old_roles = "SELECT id FROM role WHERE client_id = ?"
        await _sql(
            f"DELETE FROM role_composite WHERE parent_id IN ({old_roles}) OR child_id IN ({old_roles})",
            old,
            old,
        )
        await _sql("DELETE FROM client_scope_link WHERE client_id = ?", old)
        await _sql("DELETE FROM role WHERE client_id = ?", old)
        await _sql("DELETE FROM client WHERE id = ?", old)
        await _sql("DELETE FROM tortoise_migrations WHERE name = ?", "0008_realm_admin_clients")
    finally:
        await Tortoise.close_connections()


def _user(admin: httpx.Client, username: str) -> str:
    body = {"username": username, "enabled": True, "credentials": [{"type": "password", "value": PASSWORD}]}
    response = admin.post("/admin/realms/master/users", json=body)
    assert response.status_code == 201, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


def _client(admin: httpx.Client, client_id: str) -> dict[str, Any]:
    found = admin.get("/admin/realms/master/clients", params={"clientId": client_id}).json()
    return dict(found[0]) if found else {}


def _bearer(base: str, username: str) -> httpx.Client:
    token = password_token(base, "master", username, PASSWORD)
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"})


def test_an_older_database_moves_to_the_admin_clients_keeping_every_admins_rights() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as keys:
        with serve_process(url, keys, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD) as (base, _):
            token = password_token(base, "master", "admin", ADMIN_PASSWORD)
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as admin:
                assert admin.post("/admin/realms", json={"realm": "old", "enabled": True}).status_code == 201
                users = {name: _user(admin, name) for name in ("boss", "ops-user", "keeper")}
                made = admin.post("/admin/realms/master/groups", json={"name": "ops"})
                group_id = made.headers["Location"].rsplit("/", 1)[1]
                assert (
                    admin.put(f"/admin/realms/master/users/{users['ops-user']}/groups/{group_id}").status_code
                    == 204
                )
                management = _client(admin, "master-realm")["id"]
                role = admin.get(f"/admin/realms/master/clients/{management}/roles/manage-users").json()
                mapped = f"/admin/realms/master/users/{users['keeper']}/role-mappings/clients/{management}"
                assert admin.post(mapped, json=[role]).status_code == 204
        asyncio.run(_as_before(url, users, group_id))

        with serve_process(url, keys, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD) as (base, _):
            token = password_token(base, "master", "admin", ADMIN_PASSWORD)
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as admin:
                assert not _client(admin, "realm-management")
                moved = _client(admin, "master-realm")
                assert moved["id"] == management and moved["name"] == "master Realm"
                roles = admin.get(f"/admin/realms/master/clients/{management}/roles").json()
                assert {r["name"] for r in roles} == set(REALM_ADMIN_ROLES)
                old = _client(admin, "old-realm")
                assert old["bearerOnly"] is True and old["name"] == "old Realm"
                composites = admin.get("/admin/realms/master/roles/admin/composites").json()
                assert {r["name"] for r in composites if r["containerId"] == old["id"]} == set(
                    REALM_ADMIN_ROLES
                )
                assert admin.get("/admin/realms/old/users").status_code == 200
                held = admin.get(
                    f"/admin/realms/master/users/{users['boss']}/role-mappings/clients/{management}/composite"
                )
                assert {r["name"] for r in held.json()} == set(REALM_ADMIN_ROLES)
            for username in ("boss", "ops-user"):
                with _bearer(base, username) as former_realm_admin:
                    assert former_realm_admin.get("/admin/realms/master").json()["realm"] == "master"
                    assert former_realm_admin.get("/admin/realms/master/clients").status_code == 200
                    assert former_realm_admin.get("/admin/realms/old/users").status_code == 403
            with _bearer(base, "keeper") as keeper:
                assert keeper.get("/admin/realms/master/users").status_code == 200
                assert keeper.get("/admin/realms/master/clients").status_code == 403
