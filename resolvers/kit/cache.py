"""Version counters that keep in-process caches correct across several server instances."""

from __future__ import annotations

import time

from tortoise.expressions import F

from models import CacheVersion


async def bump(name: str) -> None:
    """Called in the writer's transaction: every instance sees the new version on its next check."""
    updated = await CacheVersion.filter(name=name).update(version=F("version") + 1)
    if not updated:
        await CacheVersion.get_or_create(name=name, defaults={"version": 1})


async def current(name: str) -> int:
    row = await CacheVersion.get_or_none(name=name).only("version")
    return int(row.version) if row else 0


class VersionedCache:
    """A dict of values per key, dropped when the key's version in the database moves. The version is
    read at most once per ``check_every`` seconds, so a hot path costs one small read per interval."""

    def __init__(self, prefix: str, check_every: float = 1.0) -> None:
        self._prefix = prefix
        self._check_every = check_every
        self._entries: dict[str, tuple[int, float, object]] = {}

    async def get(self, key: str) -> object | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        version, checked, value = entry
        now = time.monotonic()
        if now - checked < self._check_every:
            return value
        if await current(self._prefix + key) != version:
            self._entries.pop(key, None)
            return None
        self._entries[key] = (version, now, value)
        return value

    async def put(self, key: str, value: object) -> None:
        self._entries[key] = (await current(self._prefix + key), time.monotonic(), value)

    def drop(self, key: str) -> None:
        self._entries.pop(key, None)
