"""Searching 100,000 users by username prefix and by email runs on an index, on both databases: the
query plans of the very statements the search resolver sends."""

from __future__ import annotations

import httpx
import pytest
from tortoise import connections

from models import Realm
from resolvers.users import search
from resolvers.users.inputs import UserSearch
from tests.support import PG_URL, RunningServer

ROWS = 100_000

_SQLITE_SEED = """
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
INSERT INTO iam_user (id, realm_id, username, email, first_name, last_name, first_name_lower, last_name_lower,
                      enabled, email_verified, created_timestamp, not_before, required_actions)
SELECT 'bulk-' || i, '{realm}', 'bulk' || printf('%06d', i), 'bulk' || i || '@plan.test', 'F' || i, 'L' || i,
       'f' || i, 'l' || i, 1, 0, 0, 0, '[]' FROM n
"""
_PG_SEED = """
INSERT INTO iam_user (id, realm_id, username, email, first_name, last_name, first_name_lower, last_name_lower,
                      enabled, email_verified, created_timestamp, not_before, required_actions)
SELECT 'bulk-' || i, '{realm}', 'bulk' || lpad(i::text, 6, '0'), 'bulk' || i || '@plan.test',
       'F' || i, 'L' || i, 'f' || i, 'l' || i, true, false, 0, 0, '[]' FROM generate_series(1, {rows}) AS i
"""


@pytest.fixture
def big_realm(server: RunningServer, admin: httpx.Client, realm: str) -> Realm:
    async def seed() -> Realm:
        found = await Realm.get(name=realm)
        conn = connections.get("default")
        await conn.execute_script((_PG_SEED if PG_URL else _SQLITE_SEED).format(realm=found.id, rows=ROWS))
        await conn.execute_script("ANALYZE")
        return found

    return server.run(seed(), timeout=300)


def _plan(server: RunningServer, sql: str) -> str:
    async def explain() -> str:
        conn = connections.get("default")
        if PG_URL:
            rows = await conn.execute_query_dict("EXPLAIN " + sql)
            return "\n".join(str(r["QUERY PLAN"]) for r in rows)
        rows = await conn.execute_query_dict("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(r["detail"]) for r in rows)

    return server.run(explain())


def test_prefix_and_email_search_use_indexes(
    server: RunningServer, admin: httpx.Client, big_realm: Realm
) -> None:
    branches = search.search_branches(big_realm, UserSearch(search="bulk00012"))
    username_sql = branches[0].order_by("username").limit(20).sql(params_inline=True)
    email_sql = branches[1].order_by("username").limit(20).sql(params_inline=True)
    exact_email = search.search_branches(big_realm, UserSearch(email="bulk77@plan.test", exact=True))[0]

    for sql in (username_sql, email_sql, exact_email.sql(params_inline=True)):
        plan = _plan(server, sql)
        assert "iam_user" in plan and (
            "USING INDEX" in plan or "Index Scan" in plan or "Index Cond" in plan
        ), plan
        assert "SCAN iam_user\n" not in plan + "\n" and "Seq Scan" not in plan, plan

    found = admin.get(
        f"/admin/realms/{big_realm.name}/users", params={"search": "bulk00012", "max": 20}
    ).json()
    assert [u["username"] for u in found] == [f"bulk{n:06d}" for n in range(120, 130)]
    assert (
        admin.get(f"/admin/realms/{big_realm.name}/users/count", params={"search": "bulk0001"}).json() == 100
    )
    by_email = admin.get(
        f"/admin/realms/{big_realm.name}/users", params={"email": "bulk77@plan.test", "exact": "true"}
    )
    assert [u["username"] for u in by_email.json()] == ["bulk000077"]
