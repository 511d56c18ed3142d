"""Realms made before client scopes existed get Keycloak's built-in scopes on upgrade (migration 0008),
and their clients the realm defaults."""

from __future__ import annotations

import asyncio
import tempfile

import httpx
from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate

from iamgraph.db import tortoise_config
from tests.support import ADMIN_PASSWORD, fresh_database_url, password_token, serve_process


async def _old_realm(url: str) -> None:
    """A database at the migration before client scopes, holding one realm with one client."""
    config = tortoise_config(url)
    await migrate(config=config, target="models.0004_service_account_partial_index")
    await Tortoise.init(config=config)
    conn = connections.get("default")
    numbered = conn.capabilities.dialect == "postgres"
    rows = {
        "realm": {"id": "old-id", "name": "old", "enabled": True, "config": "{}", "created_at": 0},
        "client": {
            "id": "old-app",
            "realm_id": "old-id",
            "client_id": "app",
            "enabled": True,
            "protocol": "openid-connect",
            "public_client": False,
            "bearer_only": False,
            "standard_flow_enabled": True,
            "implicit_flow_enabled": False,
            "direct_access_grants_enabled": False,
            "service_accounts_enabled": False,
            "redirect_uris": "[]",
            "web_origins": "[]",
            "attributes": "{}",
            "config": "{}",
        },
    }
    for table, row in rows.items():
        marks = [f"${n}" if numbered else "?" for n in range(1, len(row) + 1)]
        sql = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(marks)})"
        await conn.execute_query(sql, list(row.values()))
    await Tortoise.close_connections()


def test_an_older_database_gets_the_builtin_scopes_on_upgrade() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as keys:
        asyncio.run(_old_realm(url))
        with serve_process(url, keys, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD) as (base, _):
            token = password_token(base, "master", "admin", ADMIN_PASSWORD)
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as admin:
                scopes = admin.get("/admin/realms/old/client-scopes").json()
                assert len({s["name"] for s in scopes}) == 10
                defaults = admin.get("/admin/realms/old/clients/old-app/default-client-scopes").json()
                assert {s["name"] for s in defaults} == {"profile", "email", "roles", "web-origins", "acr"}
                master = admin.get("/admin/realms/master/default-optional-client-scopes").json()
                assert {s["name"] for s in master} == {
                    "offline_access",
                    "address",
                    "phone",
                    "microprofile-jwt",
                }
