"""A database made by an older version upgrades in place on start."""

from __future__ import annotations

import asyncio
import tempfile

import httpx
from tortoise import Tortoise
from tortoise.migrations.api import migrate

from iamgraph.db import tortoise_config
from tests.support import ADMIN_PASSWORD, fresh_database_url, password_token, serve_process


async def _migrate_to(url: str, target: str) -> None:
    await migrate(config=tortoise_config(url), target=target)
    await Tortoise.close_connections()


def test_a_database_at_the_first_migration_upgrades_on_start() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as keys:
        asyncio.run(_migrate_to(url, "models.0001_initial"))
        with serve_process(url, keys, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD) as (base, _):
            token = password_token(base, "master", "admin", ADMIN_PASSWORD)
            response = httpx.get(
                f"{base}/admin/realms/master/users", headers={"Authorization": f"Bearer {token}"}
            )
            assert response.status_code == 200 and [u["username"] for u in response.json()] == ["admin"]
