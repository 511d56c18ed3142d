"""A database made by an older version upgrades in place on start."""

from __future__ import annotations

import asyncio
import json
import tempfile

import httpx
from tortoise import Tortoise, connections
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


async def _at_0004_with_emails(url: str) -> None:
    """A database at migration 0004 whose users were written before e-mails had a unique index: a realm
    that allows no duplicates already holds two users sharing an e-mail (racing writers made them)."""
    await migrate(config=tortoise_config(url), target="models.0004_service_account_partial_index")
    db = connections.get("default")
    numbered = db.capabilities.dialect == "postgres"

    def marks(count: int) -> str:
        return ", ".join(f"${n}" if numbered else "?" for n in range(1, count + 1))

    realm_sql = f"INSERT INTO realm (id, name, enabled, config, created_at) VALUES ({marks(4)}, 0)"
    user_sql = (
        "INSERT INTO iam_user (id, realm_id, username, email, enabled, email_verified, created_timestamp,"
        f" not_before, required_actions) VALUES ({marks(6)}, 0, 0, '[]')"
    )
    for realm, duplicates in (("strict", False), ("lenient", True)):
        await db.execute_query(
            realm_sql, [realm, realm, True, json.dumps({"duplicateEmailsAllowed": duplicates})]
        )
        for username, email in (
            ("a", "shared@x.org"),
            ("b", "shared@x.org"),
            ("c", "own@x.org"),
            ("d", None),
        ):
            await db.execute_query(user_sql, [f"{realm}-{username}", realm, username, email, True, False])
    await Tortoise.close_connections()


async def _email_keys(url: str) -> dict[str, str | None]:
    await Tortoise.init(config=tortoise_config(url))
    try:
        rows = await connections.get("default").execute_query_dict("SELECT id, email_key FROM iam_user")
        return {row["id"]: row["email_key"] for row in rows}
    finally:
        await Tortoise.close_connections()


def test_the_unique_email_upgrade_keys_the_emails_that_are_unique() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as keys:
        asyncio.run(_at_0004_with_emails(url))
        with serve_process(url, keys, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD) as (base, _):
            token = password_token(base, "master", "admin", ADMIN_PASSWORD)
            headers = {"Authorization": f"Bearer {token}"}
            for realm, email, status in (
                ("strict", "own@x.org", 409),
                ("strict", "shared@x.org", 409),
                ("strict", "new@x.org", 201),
                ("lenient", "own@x.org", 201),
            ):
                created = httpx.post(
                    f"{base}/admin/realms/{realm}/users",
                    headers=headers,
                    json={"username": f"new-{realm}-{email}", "email": email},
                )
                assert created.status_code == status, (realm, email, created.text)
        found = asyncio.run(_email_keys(url))
        # The existing duplicates stay unkeyed; the check still refuses a third user with their e-mail.
        assert {k: v for k, v in found.items() if k.startswith(("strict-", "lenient-"))} == {
            "strict-a": None,
            "strict-b": None,
            "strict-c": "own@x.org",
            "strict-d": None,
            "lenient-a": None,
            "lenient-b": None,
            "lenient-c": None,
            "lenient-d": None,
        }
        assert "new@x.org" in found.values()
