"""DataLoaders, one per batch function and request: ``loaders.get(batch)`` makes the loader on first use,
so an aggregate adds a loader by writing its batch function, never by touching a shared container."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, TypeVar, cast

from strawberry.dataloader import DataLoader

from resolvers.kit.actor import Actor

K = TypeVar("K")
V = TypeVar("V")

BatchLoad = Callable[[Actor | None, list[K]], Awaitable[list[V]]]
"""A batch function: the caller and a list of keys, to one result per key in the same order (``None`` or an
empty list for misses). Its identity is the loader's key in the registry."""


class Loaders:
    """This request's DataLoaders, keyed by their batch function."""

    def __init__(self, actor: Actor | None) -> None:
        self._actor = actor
        self._made: dict[BatchLoad[Any, Any], DataLoader[Any, Any]] = {}

    def get(self, batch: BatchLoad[K, V]) -> DataLoader[K, V]:
        made = self._made.get(batch)
        if made is None:
            made = self._made[batch] = DataLoader(partial(batch, self._actor))
        return cast(DataLoader[K, V], made)
