"""The ASGI middleware counting every request (every dialect and GraphQL) by method, route template and
status: the template is the matched row's (``scope["iamgraph.route"]`` from ``RouteIndex``, or a top-level
route's), so no id a caller sends becomes a label."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core import metrics

# HTTP methods as labels; anything else a caller sends is one label.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestMetrics:
    def __init__(self, app: ASGIApp, paths: Mapping[Any, str]) -> None:
        self.app = app
        self._paths = paths
        """Top-level routes' templates by endpoint (the dialects' rows carry their own)."""

    def _route(self, scope: Scope) -> str:
        row = scope.get("iamgraph.route")
        if row is not None:
            return str(row.path)
        return self._paths.get(scope.get("endpoint"), metrics.UNMATCHED)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            method = scope["method"] if scope["method"] in _METHODS else "OTHER"
            metrics.observe(method, self._route(scope), status, time.perf_counter() - started)
