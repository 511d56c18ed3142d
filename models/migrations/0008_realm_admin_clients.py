"""Master as Keycloak models it: master's ``realm-management`` becomes ``master-realm`` (same id, same role
ids, so every mapping to it stays), and every other realm gets its ``<realm>-realm`` client in master, its
roles in master's ``admin``. Master's ``realm-admin`` (which ``master-realm`` lacks) gives way to the roles
it contained, wherever it was held, so no admin loses a right.

Plain SQL over the tables as they are at this migration; the role names are frozen here as this
migration made them, whatever later code seeds."""

import re
from typing import Any

from tortoise import migrations
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.migrations import operations as ops
from tortoise.migrations.schema_editor.base import BaseSchemaEditor

from models.base import new_id

_ROLES = (
    "create-client",
    "impersonation",
    "manage-authorization",
    "manage-clients",
    "manage-events",
    "manage-identity-providers",
    "manage-realm",
    "manage-users",
    "query-clients",
    "query-groups",
    "query-realms",
    "query-users",
    "view-authorization",
    "view-clients",
    "view-events",
    "view-identity-providers",
    "view-realm",
    "view-users",
)
_COMPOSITES = {"view-users": ("query-users", "query-groups"), "view-clients": ("query-clients",)}


class _Sql:
    """``?`` placeholders on either database."""

    def __init__(self, conn: BaseDBAsyncClient) -> None:
        self.conn = conn
        self.numbered = conn.capabilities.dialect == "postgres"

    def _sql(self, sql: str) -> str:
        if not self.numbered:
            return sql
        counter = iter(range(1, 1000))
        return re.sub(r"\?", lambda _: f"${next(counter)}", sql)

    async def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        return list(await self.conn.execute_query_dict(self._sql(sql), list(params)))

    async def one(self, sql: str, *params: Any) -> str | None:
        found = await self.rows(sql, *params)
        return str(next(iter(found[0].values()))) if found else None

    async def run(self, sql: str, *params: Any) -> None:
        await self.conn.execute_query(self._sql(sql), list(params))


async def _replace_realm_admin(sql: _Sql, client_id: str) -> None:
    """Whoever held (or contained) master's realm-admin holds (contains) its children instead."""
    realm_admin = await sql.one("SELECT id FROM role WHERE client_id = ? AND name = ?", client_id, "realm-admin")
    if realm_admin is None:
        return
    children = [
        str(r["child_id"])
        for r in await sql.rows("SELECT child_id FROM role_composite WHERE parent_id = ?", realm_admin)
    ]
    holders = (
        ("user_role_mapping", "user_id"),
        ("group_role_mapping", "group_id"),
        ("role_composite", "parent_id"),
    )
    for table, owner in holders:
        link = "child_id" if table == "role_composite" else "role_id"
        for row in await sql.rows(f"SELECT {owner} AS owner FROM {table} WHERE {link} = ?", realm_admin):
            for child in children:
                if row["owner"] == child:
                    continue
                held = await sql.rows(
                    f"SELECT 1 FROM {table} WHERE {owner} = ? AND {link} = ?", row["owner"], child
                )
                if not held:
                    await sql.run(f"INSERT INTO {table} ({owner}, {link}) VALUES (?, ?)", row["owner"], child)
    scoped = "SELECT client_id, scope_id, owner_id FROM scope_mapping WHERE role_id = ?"
    for row in await sql.rows(scoped, realm_admin):
        for child in children:
            if not await sql.rows(
                "SELECT 1 FROM scope_mapping WHERE owner_id = ? AND role_id = ?", row["owner_id"], child
            ):
                await sql.run(
                    "INSERT INTO scope_mapping (client_id, scope_id, owner_id, role_id) VALUES (?, ?, ?, ?)",
                    row["client_id"],
                    row["scope_id"],
                    row["owner_id"],
                    child,
                )
    for table, column in (
        ("user_role_mapping", "role_id"),
        ("group_role_mapping", "role_id"),
        ("scope_mapping", "role_id"),
        ("role_composite", "parent_id"),
        ("role_composite", "child_id"),
    ):
        await sql.run(f"DELETE FROM {table} WHERE {column} = ?", realm_admin)
    await sql.run("DELETE FROM role WHERE id = ?", realm_admin)


async def _admin_client(sql: _Sql, master_id: str, realm_name: str, admin_id: str | None) -> None:
    """Realm ``realm_name``'s bearer-only client in master with its admin roles, in master's admin."""
    client = new_id()
    await sql.run(
        "INSERT INTO client (id, realm_id, client_id, name, enabled, protocol, public_client, bearer_only, "
        "standard_flow_enabled, implicit_flow_enabled, direct_access_grants_enabled, "
        "service_accounts_enabled, redirect_uris, web_origins, attributes, config) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        client,
        master_id,
        f"{realm_name}-realm",
        f"{realm_name} Realm",
        True,
        "openid-connect",
        False,
        True,
        True,
        False,
        False,
        False,
        "[]",
        "[]",
        "{}",
        "{}",
    )
    roles = {name: new_id() for name in _ROLES}
    for name, role in roles.items():
        await sql.run(
            "INSERT INTO role (id, realm_id, client_id, container_id, name, description, attributes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            role,
            master_id,
            client,
            client,
            name,
            "${role_" + name + "}",
            "{}",
        )
    links = [(roles[p], roles[c]) for p, children in _COMPOSITES.items() for c in children]
    links += [(admin_id, role) for role in roles.values()] if admin_id is not None else []
    for parent, child in links:
        await sql.run("INSERT INTO role_composite (parent_id, child_id) VALUES (?, ?)", parent, child)
    await sql.run(
        'INSERT INTO client_scope_link (client_id, scope_id, "default") SELECT ?, d.scope_id, d."default" '
        "FROM realm_default_scope d JOIN client_scope s ON s.id = d.scope_id "
        "WHERE d.realm_id = ? AND s.protocol = ?",
        client,
        master_id,
        "openid-connect",
    )


async def _move_to_admin_clients(apps: object, schema_editor: BaseSchemaEditor) -> None:
    sql = _Sql(schema_editor.client)
    master_id = await sql.one("SELECT id FROM realm WHERE name = ?", "master")
    if master_id is None:
        return  # no master yet: seeding it makes every realm's admin client
    admin_id = await sql.one(
        "SELECT id FROM role WHERE realm_id = ? AND client_id IS NULL AND name = ?", master_id, "admin"
    )
    clients = {
        str(r["client_id"]): str(r["id"])
        for r in await sql.rows("SELECT id, client_id FROM client WHERE realm_id = ?", master_id)
    }
    management = clients.get("realm-management")
    if management is not None and "master-realm" not in clients:
        await _replace_realm_admin(sql, management)
        await sql.run(
            "UPDATE client SET client_id = ?, name = ? WHERE id = ?", "master-realm", "master Realm", management
        )
        clients["master-realm"] = management
    for row in await sql.rows("SELECT name FROM realm ORDER BY name"):
        if f"{row['name']}-realm" not in clients:
            await _admin_client(sql, master_id, str(row["name"]), admin_id)


class Migration(migrations.Migration):
    dependencies = [("models", "0007_client_scopes")]

    initial = False

    operations = [ops.RunPython(_move_to_admin_clients, ops.RunPython.noop)]
