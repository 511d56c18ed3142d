"""Relay plumbing: global ids, offset cursors and the page info of a connection."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Generic, TypeVar

import strawberry

from core.errors import InvalidInput

MAX_PAGE = 1000


def to_global_id(type_name: str, raw_id: str) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{raw_id}".encode()).decode())


def from_global_id(global_id: str) -> tuple[str, str]:
    try:
        type_name, _, raw = base64.urlsafe_b64decode(global_id.encode()).decode().partition(":")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("Malformed global id") from exc
    if not type_name or not raw:
        raise InvalidInput("Malformed global id")
    return type_name, raw


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


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


def page_info(start: int, count: int, has_next: bool) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=start > 0,
        start_cursor=cursor(start) if count else None,
        end_cursor=cursor(start + count - 1) if count else None,
    )


First = Annotated[int | None, strawberry.argument(description="Page size (0 to 1000, default 100).")]
After = Annotated[str | None, strawberry.argument(description="Cursor of the row before the page.")]


T = TypeVar("T")


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


def connection(
    rows: Sequence[T], start: int, size: int, count: Callable[[], Awaitable[int]]
) -> Connection[T]:
    """A page from ``rows``, fetched as ``size + 1`` rows from ``start`` so the extra one tells whether a
    next page exists."""
    page = list(rows[:size])
    return Connection(
        edges=[Edge(cursor=cursor(start + i), node=node) for i, node in enumerate(page)],
        page_info=page_info(start, len(page), len(rows) > size),
        count=count,
    )
