"""Database start-up: the Tortoise configuration, the start lock, and migrations applied on start."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tortoise import Tortoise
from tortoise.migrations.api import migrate

from iamgraph import db_metrics

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


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL or an in-memory database)."""
    if not url.startswith("sqlite://"):
        return None
    path = url.removeprefix("sqlite://").split("?", 1)[0]
    return None if path in ("", ":memory:") else Path(path)


@contextlib.asynccontextmanager
async def start_lock(url: str) -> AsyncIterator[None]:
    """One starting process at a time per database, so that any number may start at once on a new one:
    migrations and the first-start bootstrap run under it. PostgreSQL: a session advisory lock; SQLite: an
    exclusive lock on a file beside the database (a process that dies releases both)."""
    path = sqlite_path(url)
    if path is not None:
        _create_private(path)
        lock = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            await asyncio.to_thread(fcntl.flock, lock, fcntl.LOCK_EX)
            yield
        finally:
            os.close(lock)  # closing releases the lock
        return
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        yield
        return
    import asyncpg

    conn = await asyncpg.connect(urlunsplit(parts._replace(scheme="postgresql", query="")), timeout=30)
    try:
        await conn.execute("SELECT pg_advisory_lock($1)", _START_LOCK_KEY)
        yield
    finally:
        await conn.close()  # ending the session releases the lock


# An arbitrary constant naming iamgraph's start lock among the database's advisory locks.
_START_LOCK_KEY = 0x1A6_9A4


def _create_private(path: Path) -> None:
    """A new SQLite file is made readable by its owner only (SQLite gives its WAL files the same mode)."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


async def start(url: str) -> None:
    config = tortoise_config(url)
    await migrate(config=config)
    # Requests run in other tasks than the lifespan: the context must be reachable from all of them.
    await Tortoise.init(config=config, _enable_global_fallback=True)
    db_metrics.instrument()  # after init: the backend's client classes are imported by then


async def stop() -> None:
    await Tortoise.close_connections()


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
        _create_private(Path(path))
    except OSError as error:
        return f"the SQLite database {path} cannot be created ({error.strerror or error})"
    try:
        conn = sqlite3.connect(path, timeout=5)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as error:
        return f"the SQLite database {path} cannot be used ({error})"
    return None
