"""Parameterised SQL for the few reads on every request's path.

Building a query through the ORM costs several times what the database spends answering it (about
0.45 ms against 0.1 ms for a primary-key read on SQLite here); the statements below are written once,
with ``?`` placeholders, and numbered for PostgreSQL. ``column_values`` is the typed form of an ORM
``values_list(field, flat=True)``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Literal, Protocol, TypeVar

from tortoise import connections
from tortoise.models import Model
from tortoise.queryset import ValuesListQuery

M = TypeVar("M", bound=Model)
T = TypeVar("T")


class Rows(Protocol):
    """A query ``values_list`` can be asked of: a QuerySet of any model (or a union of them)."""

    def values_list(self, *fields_: str, flat: bool = False) -> ValuesListQuery[Literal[False]]: ...


_PLACEHOLDER = re.compile(r"\?")


@lru_cache(maxsize=256)
def _numbered(sql: str) -> str:
    counter = iter(range(1, 10_000))
    return _PLACEHOLDER.sub(lambda _: f"${next(counter)}", sql)


async def fetch(sql: str, *params: Any) -> list[dict[str, Any]]:
    """Rows of ``sql`` as dicts, on the current connection (the transaction's, inside one)."""
    conn = connections.get("default")
    if conn.capabilities.dialect == "postgres":
        sql = _numbered(sql)
    return list(await conn.execute_query_dict(sql, list(params)))


async def one(model: type[M], sql: str, *params: Any) -> M | None:
    """The first row of ``sql`` (which selects every column of ``model``'s table) as a model instance."""
    rows = await fetch(sql, *params)
    return model._init_from_db(**rows[0]) if rows else None


def json_value(value: Any) -> Any:
    """A JSON column as read by a raw query: text on SQLite, already decoded where the driver does it."""
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def marks(count: int) -> str:
    """``count`` placeholders for an ``IN (...)`` list."""
    return ", ".join("?" * count)


async def token_is_live(token_id: str) -> bool:
    """Whether a token record exists and is not revoked: the revocation check of every request."""
    return bool(await fetch("SELECT 1 AS live FROM token WHERE id = ? AND revoked = ?", token_id, False))


async def column_values(queryset: Rows, field: str, kind: type[T]) -> list[T]:
    """``field`` of every row of ``queryset``, each a ``kind`` (a non-null column). Tortoise annotates
    ``values_list(field, flat=True)`` as a list of tuples although it returns the values themselves; a
    value of another type is a bug, raised here rather than passed on."""
    values: list[object] = list(await queryset.values_list(field, flat=True))
    typed: list[T] = []
    for value in values:
        if not isinstance(value, kind):
            raise TypeError(f"{field} holds {type(value).__name__}, expected {kind.__name__}")
        typed.append(value)
    return typed


async def insert_missing(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> int:
    """Insert ``rows`` into ``table`` (names from code, never from input), skipping each row a unique index
    already holds, a concurrent writer's included: the number of rows inserted. Rows go in one sorted order,
    so that two writers inserting overlapping rows wait for each other in the same order and cannot
    deadlock (PostgreSQL makes an insert wait for an uncommitted row with the same key)."""
    if not rows:
        return 0
    ordered = sorted(set(rows))
    values = ", ".join(f"({marks(len(columns))})" for _ in ordered)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values}"
        " ON CONFLICT DO NOTHING RETURNING 1 AS inserted"
    )
    return len(await fetch(sql, *(value for row in ordered for value in row)))


async def lock_row(table: str, row_id: str) -> None:
    """Hold ``table``'s row ``row_id`` for the rest of the current transaction against other lockers
    (``FOR NO KEY UPDATE``: rows that only reference it are still written meanwhile). SQLite needs none:
    it has one writer at a time, and a transaction that read before another process wrote fails with
    "database is locked", which the transactions kit retries."""
    if connections.get("default").capabilities.dialect == "postgres":
        await fetch(f"SELECT id FROM {table} WHERE id = ? FOR NO KEY UPDATE", row_id)


async def database_answers() -> bool:
    """Whether the database answers a trivial statement (readiness)."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:
        return False
    return True


# The key of the PostgreSQL advisory lock that orders event ids ("iamgev" in ASCII).
_EVENT_ORDER_LOCK = 0x69616D676576


async def order_event_ids() -> None:
    """Hold the event-order lock for the rest of the current transaction. On PostgreSQL a sequence hands out
    ids in the order transactions ask, not the order they commit, so a reader could see id 11 before id 10
    commits and skip it; drawn under this lock, ids commit in their own order, and a stream that has read
    up to id N never sees a smaller one appear. SQLite has one writer at a time, which orders them already."""
    if connections.get("default").capabilities.dialect == "postgres":
        await fetch("SELECT pg_advisory_xact_lock(?)", _EVENT_ORDER_LOCK)
