"""Realms made before flows were data get Keycloak's built-in flows and required actions on upgrade
(migration 0012)."""

from __future__ import annotations

import asyncio
import tempfile

import httpx
from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate

from iamgraph.db import tortoise_config
from tests.support import ADMIN_PASSWORD, fresh_database_url, password_token, serve_process


async def _old_realm(url: str) -> None:
    """A database at the migration before flows, holding one realm."""
    config = tortoise_config(url)
    await migrate(config=config, target="models.0007_client_scopes")
    await Tortoise.init(config=config)
    conn = connections.get("default")
    numbered = conn.capabilities.dialect == "postgres"
    row = {"id": "old-id", "name": "old", "enabled": True, "config": "{}", "created_at": 0}
    marks = [f"${n}" if numbered else "?" for n in range(1, len(row) + 1)]
    await conn.execute_query(
        f"INSERT INTO realm ({', '.join(row)}) VALUES ({', '.join(marks)})", list(row.values())
    )
    await Tortoise.close_connections()


def test_an_older_database_gets_the_builtin_flows_on_upgrade() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as keys:
        asyncio.run(_old_realm(url))
        with serve_process(url, keys, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD) as (base, _):
            token = password_token(base, "master", "admin", ADMIN_PASSWORD)
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as admin:
                flows = admin.get("/admin/realms/old/authentication/flows").json()
                assert len(flows) == 7
                rows = admin.get("/admin/realms/old/authentication/flows/browser/executions").json()
                assert [r["displayName"] for r in rows][-1] == "OTP Form"
                actions = admin.get("/admin/realms/old/authentication/required-actions").json()
                assert [a["alias"] for a in actions][:3] == [
                    "CONFIGURE_TOTP",
                    "TERMS_AND_CONDITIONS",
                    "UPDATE_PASSWORD",
                ]
                master = admin.get("/admin/realms/master/authentication/flows").json()
                assert len(master) == 7
