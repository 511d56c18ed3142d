"""Database start-up: the Tortoise configuration, migrations applied on start, and a readiness probe."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate

# Applied on every start: a database made by an older version upgrades in place.
MIGRATIONS = "models.migrations"

# SQLite: WAL and foreign keys (Tortoise's defaults, made explicit), and a busy timeout so that several
# processes on one file wait for each other instead of failing with "database is locked".
_SQLITE_PRAGMAS = {
    "journal_mode": "WAL",
    "foreign_keys": "ON",
    "busy_timeout": "10000",
    "synchronous": "NORMAL",
}


def normalized_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # REGEXP, which SQLite leaves to its host: Tortoise's posix_regex filter needs it (PostgreSQL has ~).
        query = dict(_SQLITE_PRAGMAS) | {"install_regexp_functions": "True"} | dict(parse_qsl(parts.query))
        return urlunsplit(parts._replace(query=urlencode(query)))
    if parts.scheme in ("postgres", "postgresql"):
        return urlunsplit(parts._replace(scheme="asyncpg"))
    return url


def tortoise_config(url: str) -> dict[str, Any]:
    return {
        "connections": {"default": normalized_url(url)},
        "apps": {
            "models": {
                "models": ["models"],
                "default_connection": "default",
                "migrations": MIGRATIONS,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def start(url: str) -> None:
    config = tortoise_config(url)
    await migrate(config=config)
    # Requests run in other tasks than the lifespan: the context must be reachable from all of them.
    await Tortoise.init(config=config, _enable_global_fallback=True)


async def stop() -> None:
    await Tortoise.close_connections()


async def ping() -> bool:
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:
        return False
    return True


def unreachable(url: str) -> str | None:
    """Why the database ``url`` names cannot be used, in one line; None when it answers. Callers say it
    and stop instead of failing later with a driver traceback (or, for SQLite, waiting for ever: the ORM's
    SQLite client never answers when its file cannot be opened)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return _sqlite_unusable(url.removeprefix("sqlite://").split("?", 1)[0])
    if parts.scheme not in ("postgres", "postgresql"):
        return None
    import asyncpg

    async def probe() -> None:
        conn = await asyncpg.connect(urlunsplit(parts._replace(scheme="postgresql")), timeout=5)
        await conn.close()

    where = f"PostgreSQL at {parts.hostname or 'localhost'}:{parts.port or 5432}"
    try:
        asyncio.run(probe())
    except (OSError, TimeoutError) as error:
        return f"{where} does not answer ({getattr(error, 'strerror', None) or error or 'timed out'})"
    except asyncpg.PostgresError as error:
        return f"{where} refused the connection ({error})"
    return None


def _sqlite_unusable(path: str) -> str | None:
    if path in ("", ":memory:"):
        return None
    import sqlite3

    try:
        conn = sqlite3.connect(path, timeout=5)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as error:
        return f"the SQLite database {path} cannot be used ({error})"
    return None
