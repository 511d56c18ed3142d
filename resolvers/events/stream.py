"""Live event streams: every admin and login event of any process on the database, as it commits.

Each event table is a feed read by increasing id: ids are drawn in commit order (``audit.insert_event``),
so reading ``id > last`` again and again loses nothing and needs no help from the writer. One poller per
table and process reads the new rows while anyone here subscribes, and hands each to every subscriber's
queue; a subscriber filters what it may see. Polling by id works alike on PostgreSQL and SQLite, and
across processes on either, so that an event written through any door of any instance reaches all.

A subscription resuming ``after`` an id first replays the stored events up to the point the feed had
read when it joined, then goes on with the live ones, skipping what it has already given: nothing is
lost or given twice across a reconnect. A subscriber too slow for its queue catches up from the store
the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from tortoise.functions import Max

from core.errors import InvalidInput
from core.runtime import settings
from models import AdminEvent, Event
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.kit.lookup import realm_by_name

log = logging.getLogger("iamgraph.events")

_Row = TypeVar("_Row", AdminEvent, Event)
# Rows read at once, by the poller and by a replay.
_BATCH = 500
# Events a subscriber may have waiting before it is left to catch up from the store.
_QUEUE = 2_000


class _Overflow:
    """Put in a subscriber's queue instead of the event that did not fit."""


_OVERFLOW = _Overflow()


class _Feed(Generic[_Row]):
    """One event table's new rows, read by increasing id while this process has subscribers."""

    def __init__(self, model: type[_Row]) -> None:
        self.model: type[_Row] = model
        self.last: int | None = None
        self.queues: set[asyncio.Queue[_Row | _Overflow]] = set()
        self.task: asyncio.Task[None] | None = None
        self.lock = asyncio.Lock()

    async def join(self) -> tuple[asyncio.Queue[_Row | _Overflow], int]:
        """A queue of every event after the returned id."""
        async with self.lock:
            if self.last is None:
                self.last = await _max_id(self.model)
            queue: asyncio.Queue[_Row | _Overflow] = asyncio.Queue(_QUEUE)
            self.queues.add(queue)
            if self.task is None:
                self.task = asyncio.create_task(self._poll(), name=f"event feed {self.model.__name__}")
            return queue, self.last

    def leave(self, queue: asyncio.Queue[_Row | _Overflow]) -> None:
        self.queues.discard(queue)

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(settings().event_poll_interval)
            if not self.queues:
                async with self.lock:  # nobody listens: the next subscriber starts from the newest event
                    if not self.queues:
                        self.task, self.last = None, None
                        return
                continue
            try:
                await self._read()
            except Exception:  # the database went away for a moment: the next round reads on
                log.warning("reading new events failed; trying again", exc_info=True)

    async def _read(self) -> None:
        while True:
            rows = await self.model.filter(id__gt=self.last).order_by("id").limit(_BATCH)
            for row in rows:
                for queue in list(self.queues):
                    _offer(queue, row)
            if rows:
                self.last = rows[-1].id
            if len(rows) < _BATCH:
                return

    async def stop(self) -> None:
        self.queues.clear()
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        self.task, self.last = None, None


def _offer(queue: asyncio.Queue[_Row | _Overflow], row: _Row) -> None:
    if queue.full():
        return  # already overflowed, or about to: it catches up from the store
    if queue.qsize() == _QUEUE - 1:
        queue.put_nowait(_OVERFLOW)
    else:
        queue.put_nowait(row)


async def _max_id(model: type[_Row]) -> int:
    rows = await model.all().annotate(top=Max("id")).values_list("top", flat=True)
    top = rows[0] if rows else None
    return int(top) if isinstance(top, int) else 0


@dataclass
class _Feeds:
    admin: _Feed[AdminEvent]
    login: _Feed[Event]


# One pair of feeds per event loop: a feed's lock, task and queues belong to the loop that made them.
_FEEDS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Feeds] = weakref.WeakKeyDictionary()


def _feeds() -> _Feeds:
    loop = asyncio.get_running_loop()
    feeds = _FEEDS.get(loop)
    if feeds is None:
        feeds = _FEEDS[loop] = _Feeds(_Feed(AdminEvent), _Feed(Event))
    return feeds


async def stop() -> None:
    """Stop this loop's pollers (at shutdown, before the database closes)."""
    feeds = _FEEDS.pop(asyncio.get_running_loop(), None)
    if feeds is not None:
        await feeds.admin.stop()
        await feeds.login.stop()


@dataclass(frozen=True)
class AdminEventSelection:
    """Which admin events of a realm a subscriber wants; empty sequences select every kind."""

    resource_types: Sequence[str] = ()
    operation_types: Sequence[str] = ()


@dataclass(frozen=True)
class LoginEventSelection:
    """Which login events of a realm a subscriber wants; an empty sequence selects every type."""

    types: Sequence[str] = ()


def parse_after(after: str | None) -> int | None:
    """The event id ``after`` names, as the ``eventId`` of an event gives it."""
    if after is None:
        return None
    if not after.isascii() or not after.isdigit() or len(after) > 19:
        raise InvalidInput("'after' must be the eventId of an event")
    return int(after)


async def _stream(
    feed: _Feed[_Row], realm_id: str, wanted: Callable[[_Row], bool], after: int | None
) -> AsyncIterator[_Row]:
    cursor = after
    while True:
        queue, live_from = await feed.join()
        try:
            if cursor is None:
                # From now on: the feed may lag the store by a poll, and what committed before this
                # subscriber came is not its to receive.
                cursor = max(live_from, await _max_id(feed.model))
            while cursor < live_from:  # what was written before this subscriber joined
                rows = await (
                    feed.model.filter(realm_id=realm_id, id__gt=cursor, id__lte=live_from)
                    .order_by("id")
                    .limit(_BATCH)
                )
                for row in rows:
                    if wanted(row):
                        yield row
                if len(rows) < _BATCH:
                    break
                cursor = rows[-1].id
            cursor = max(cursor, live_from)
            while True:
                item = await queue.get()
                if isinstance(item, _Overflow):
                    break  # join again and read what was missed from the store
                if item.id <= cursor:
                    continue
                cursor = item.id
                if item.realm_id == realm_id and wanted(item):
                    yield item
        finally:
            feed.leave(queue)


async def admin_events(
    actor: Actor | None, realm_name: str, selection: AdminEventSelection, after: str | None
) -> AsyncIterator[AdminEvent]:
    """The realm's admin events after ``after`` (or from now on), stored ones first, then live."""
    rights.require(actor, realm_name, "view-events")
    start = parse_after(after)
    realm = await realm_by_name(realm_name)
    resources, operations = frozenset(selection.resource_types), frozenset(selection.operation_types)

    def wanted(row: AdminEvent) -> bool:
        return (not resources or row.resource_type in resources) and (
            not operations or row.operation_type in operations
        )

    async for row in _stream(_feeds().admin, realm.id, wanted, start):
        yield row


async def login_events(
    actor: Actor | None, realm_name: str, selection: LoginEventSelection, after: str | None
) -> AsyncIterator[Event]:
    """The realm's login events after ``after`` (or from now on), stored ones first, then live."""
    rights.require(actor, realm_name, "view-events")
    start = parse_after(after)
    realm = await realm_by_name(realm_name)
    types = frozenset(selection.types)

    async for row in _stream(_feeds().login, realm.id, lambda row: not types or row.type in types, start):
        yield row
