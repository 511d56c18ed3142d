"""Uniqueness: a write that loses a race against a concurrent writer becomes a ``Conflict``.

Resolvers check uniqueness before they write, with the message a dialect shows; the database's unique
indexes catch the race between that check and the write. ``transaction`` raises the conflict once the
write's transaction is rolled back.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.errors import Conflict


@asynccontextmanager
async def guard(message: str) -> AsyncIterator[None]:
    """Turn a database integrity error raised inside the block into ``Conflict(message)``."""
    try:
        yield
    except IntegrityError as exc:
        raise Conflict(message) from exc


@asynccontextmanager
async def transaction(
    conflict: str, explain: Callable[[], Awaitable[None]] | None = None
) -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction whose integrity errors become ``Conflict(conflict)`` once it is rolled back. Where
    several unique rules guard a write, ``explain`` (the resolver's own checks, run again once the
    concurrent writer has committed) raises the conflict that names the rule that was broken."""
    try:
        async with in_transaction() as connection:
            yield connection
    except IntegrityError as exc:
        if explain is not None:
            await explain()
        raise Conflict(conflict) from exc
