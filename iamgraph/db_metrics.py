"""Database statement latency: the ORM's client classes timed around each ``execute_*`` method, once per
process. Time spent waiting for a pooled connection is part of a statement's time (a full pool shows as
latency). A method that calls another one of them is timed once, as the outer call."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from core import metrics

_KINDS = {
    "execute_query": "query",
    "execute_query_dict": "query",
    "execute_insert": "insert",
    "execute_many": "many",
    "execute_script": "script",
}
_timing: ContextVar[bool] = ContextVar("iamgraph_timing_statement", default=False)
_MARK = "__iamgraph_timed__"


def _timed(method: Callable[..., Awaitable[Any]], kind: str) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(method)
    async def run(*args: Any, **kwargs: Any) -> Any:
        if _timing.get():
            return await method(*args, **kwargs)
        token = _timing.set(True)
        try:
            with metrics.timing_statement(kind):
                return await method(*args, **kwargs)
        finally:
            _timing.reset(token)

    setattr(run, _MARK, True)
    return run


def _classes(root: type) -> list[type]:
    found: list[type] = [root]
    sub: type
    for sub in root.__subclasses__():
        found.extend(_classes(sub))
    return found


def instrument() -> None:
    """Times every client class loaded so far (the backend of the configured database and its
    transaction wrappers); idempotent."""
    for cls in _classes(BaseDBAsyncClient):
        for name, kind in _KINDS.items():
            method = cls.__dict__.get(name)
            if method is None or not inspect.iscoroutinefunction(method) or getattr(method, _MARK, False):
                continue
            setattr(cls, name, _timed(method, kind))
