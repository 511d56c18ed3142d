"""The transactions kit: a deadlock, a serialization failure or SQLite's "database is locked" runs the
operation again; a failure that persists is ``Unavailable``; inside a transaction nothing is retried."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable

import pytest
from tortoise.exceptions import IntegrityError, OperationalError
from tortoise.transactions import in_transaction

from core.errors import Unavailable
from models import CacheVersion
from resolvers.kit import transactions
from tests.support import PG_URL, RunningServer, unique


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _tortoise_wrapped(error: Exception) -> OperationalError:
    """An error as Tortoise's SQLite client raises it: its own class, raised while handling the driver's."""
    try:
        raise error
    except Exception as exc:
        try:
            raise OperationalError(exc)  # as Tortoise raises it: no "from"
        except OperationalError as wrapped:
            return wrapped


def test_what_is_transient() -> None:
    assert transactions.transient(_PgError("40P01"))
    assert transactions.transient(_PgError("40001"))
    assert transactions.transient(_tortoise_wrapped(sqlite3.OperationalError("database is locked")))
    assert not transactions.transient(_PgError("23505"))
    assert not transactions.transient(_tortoise_wrapped(sqlite3.OperationalError("no such table: x")))
    assert not transactions.transient(IntegrityError("UNIQUE constraint failed"))


def test_a_transient_failure_runs_the_operation_again() -> None:
    calls: list[int] = []

    async def flaky(value: int) -> int:
        calls.append(value)
        if len(calls) < 3:
            raise _PgError("40P01")
        return value * 2

    async def once() -> int:
        return await transactions.retrying(flaky)(21)

    assert asyncio.run(once()) == 42
    assert calls == [21, 21, 21]


def test_a_persistent_failure_is_unavailable_and_others_pass_through() -> None:
    calls = 0

    async def locked() -> None:
        nonlocal calls
        calls += 1
        raise _tortoise_wrapped(sqlite3.OperationalError("database is locked"))

    async def run(operation: Callable[[], Awaitable[None]]) -> None:
        await transactions.retrying(operation)()

    with pytest.raises(Unavailable):
        asyncio.run(run(locked))
    assert calls == transactions.ATTEMPTS

    async def broken() -> None:
        raise ValueError("a bug")

    with pytest.raises(ValueError):
        asyncio.run(run(broken))


async def _opposite_updates(names: tuple[str, str]) -> list[int]:
    """Two transactions that update the same two rows in opposite orders, overlapping: on PostgreSQL one
    of them is chosen as the deadlock's victim, and the kit runs it again."""
    for name in names:
        await CacheVersion.create(name=name, version=0)
    attempts: list[int] = []

    async def bump(first: str, second: str) -> None:
        attempts.append(1)
        async with in_transaction() as connection:
            await CacheVersion.filter(name=first).using_db(connection).update(version=1)
            await asyncio.sleep(0.3)
            await CacheVersion.filter(name=second).using_db(connection).update(version=1)

    a, b = names
    await asyncio.gather(transactions.retrying(bump)(a, b), transactions.retrying(bump)(b, a))
    versions = [(await CacheVersion.get(name=name)).version for name in names]
    return [len(attempts), *versions]


def test_a_deadlock_is_retried(server: RunningServer) -> None:
    attempts, *versions = server.run(_opposite_updates((unique("race"), unique("race"))))
    assert versions == [1, 1]
    # PostgreSQL detects the deadlock and aborts one, which runs again; SQLite runs one after the other.
    assert attempts == (3 if PG_URL else 2)


async def _inside_a_transaction() -> int:
    calls = 0

    async def deadlocked() -> None:
        nonlocal calls
        calls += 1
        raise _PgError("40P01")

    async with in_transaction():
        with pytest.raises(_PgError):
            await transactions.retrying(deadlocked)()
    return calls


def test_nothing_is_retried_inside_a_transaction(server: RunningServer) -> None:
    assert server.run(_inside_a_transaction()) == 1
