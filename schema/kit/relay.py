"""Relay plumbing: global ids, offset cursors, pages and the generic connection type."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

import strawberry

from core.errors import InvalidInput

MAX_PAGE = 1000


def to_global_id(type_name: str, key: str) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode())


def from_global_id(global_id: str) -> tuple[str, str]:
    try:
        type_name, _, key = base64.urlsafe_b64decode(global_id.encode()).decode().partition(":")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("Malformed global id") from exc
    if not type_name or not key:
        raise InvalidInput("Malformed global id")
    return type_name, key


def cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def offset_of(after: str | None) -> int:
    """The offset of the first row after ``after`` (the row after the cursor)."""
    if not after:
        return 0
    try:
        prefix, _, value = base64.urlsafe_b64decode(after.encode()).decode().partition(":")
        if prefix != "offset":
            raise ValueError(prefix)
        return int(value) + 1
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("Malformed cursor") from exc


def page_size(first: int | None, default: int = 100) -> int:
    size = default if first is None else first
    if size < 0 or size > MAX_PAGE:
        raise InvalidInput(f"first must be between 0 and {MAX_PAGE}")
    return size


First = Annotated[int | None, strawberry.argument(description="Page size (0 to 1000, default 100).")]
After = Annotated[str | None, strawberry.argument(description="Cursor of the row before the page.")]


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


T = TypeVar("T")
U = TypeVar("U")

Fetch = Callable[[int, int], Awaitable[Sequence[T]]]
"""Rows from an offset, at most a limit of them: how a resolver's paged read is handed to ``paginate``."""


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of rows and where it sits in the whole list."""

    nodes: Sequence[T]
    start: int
    has_next: bool

    def map(self, wrap: Callable[[T], U]) -> Page[U]:
        return Page([wrap(n) for n in self.nodes], self.start, self.has_next)

    def cursors(self) -> list[str]:
        return [cursor(self.start + i) for i in range(len(self.nodes))]

    def page_info(self) -> PageInfo:
        count = len(self.nodes)
        return PageInfo(
            has_next_page=self.has_next,
            has_previous_page=self.start > 0,
            start_cursor=cursor(self.start) if count else None,
            end_cursor=cursor(self.start + count - 1) if count else None,
        )


async def paginate(rows: Sequence[T] | Fetch[T], first: int | None, after: str | None) -> Page[T]:
    """The page ``first``/``after`` address, from a list in memory or from a paged read. A read is asked
    for one row more than the page holds: that row tells whether a next page exists."""
    start, size = offset_of(after), page_size(first)
    window = await rows(start, size + 1) if callable(rows) else rows[start : start + size + 1]
    return Page(list(window[:size]), start, len(window) > size)


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a list, Relay style.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(
        description="All rows matching the criteria, across pages (counted only when asked for)."
    )
    async def total_count(self) -> int:
        return await self.count()

    @classmethod
    def of(cls, page: Page[T], total: int | Callable[[], Awaitable[int]]) -> Connection[T]:
        """The connection of ``page``; ``total`` is the count of every row, or how to count them."""
        return cls(
            edges=[Edge(cursor=c, node=n) for c, n in zip(page.cursors(), page.nodes, strict=True)],
            page_info=page.page_info(),
            count=_known(total) if isinstance(total, int) else total,
        )


def _known(total: int) -> Callable[[], Awaitable[int]]:
    async def count() -> int:
        return total

    return count
