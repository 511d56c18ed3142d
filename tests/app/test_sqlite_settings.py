"""The embedded SQLite runs with WAL, foreign keys on and a busy timeout."""

from __future__ import annotations

import pytest
from tortoise import connections

from tests.support import PG_URL, RunningServer


@pytest.mark.skipif(bool(PG_URL), reason="SQLite settings")
def test_sqlite_pragmas(server: RunningServer) -> None:
    async def pragmas() -> dict[str, object]:
        conn = connections.get("default")
        out = {}
        for name in ("journal_mode", "foreign_keys", "busy_timeout"):
            rows = await conn.execute_query_dict(f"PRAGMA {name}")
            out[name] = next(iter(rows[0].values()))
        return out

    assert server.run(pragmas()) == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 10000}
