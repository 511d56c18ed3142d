"""Transient database failures are retried: a deadlock, a serialization failure, SQLite's "database is
locked". The database has already rolled the losing transaction back, so the operation runs again from
its start (reads included) after a short random pause; callers never see the failure unless it persists.

``retrying`` wraps a whole operation (a REST handler, a GraphQL mutation), never a block inside a
transaction: a transaction the database aborted cannot go on, and a model instance saved in it believes
it exists. Inside an open transaction it retries nothing and leaves the failure to the outermost caller.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from typing import ParamSpec, TypeVar

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient

from core.errors import Unavailable

log = logging.getLogger(__name__)

ATTEMPTS = 6
# The pause before attempt n is drawn from [0, PAUSE * 2**n): losers of one race spread out.
PAUSE = 0.005
# PostgreSQL: deadlock_detected and serialization_failure (asyncpg's DeadlockDetectedError and
# SerializationError carry these).
_SQLSTATES = frozenset({"40P01", "40001"})
# SQLite: another connection holds the write lock past the busy timeout, or took it after this
# transaction's snapshot (SQLITE_BUSY_SNAPSHOT, which waits for nobody).
_SQLITE_BUSY = ("database is locked", "database table is locked")

P = ParamSpec("P")
R = TypeVar("R")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and those it was raised from or during (drivers' errors are wrapped by Tortoise)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def transient(exc: BaseException) -> bool:
    """Whether ``exc`` is a failure that the same operation, run again, may not meet."""
    for error in _chain(exc):
        if getattr(error, "sqlstate", None) in _SQLSTATES:
            return True
        if isinstance(error, sqlite3.OperationalError) and str(error).startswith(_SQLITE_BUSY):
            return True
    return False


def _in_transaction() -> bool:
    try:
        return isinstance(connections.get("default"), TransactionalDBClient)
    except Exception:  # no database configured: nothing to be inside of
        return False


def retrying(operation: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """``operation`` run again on a transient failure, up to ``ATTEMPTS`` times; a failure that persists
    is ``Unavailable``."""

    @functools.wraps(operation)
    async def run(*args: P.args, **kwargs: P.kwargs) -> R:
        attempt = 1
        while True:
            try:
                return await operation(*args, **kwargs)
            except Exception as exc:
                if not transient(exc) or _in_transaction():
                    raise
                if attempt >= ATTEMPTS:
                    log.warning("gave up after %d attempts: %s", attempt, exc)
                    raise Unavailable("The database is busy; try again") from exc
            await asyncio.sleep(random.uniform(0, PAUSE * 2**attempt))
            attempt += 1

    return run
