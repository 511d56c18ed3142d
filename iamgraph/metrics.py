"""The ASGI middleware counting every request (every dialect and GraphQL) by method, route template and
status, and writing its access log line: the template is the matched row's (``scope["iamgraph.route"]``
from ``RouteIndex``, or a top-level route's), so no id a caller sends becomes a label."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core import metrics, runtime
from iamgraph import logs

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
        request_id = "-"
        notes = runtime.begin_request_notes()

        async def sending(message: Message) -> None:
            nonlocal status, request_id
            if message["type"] == "http.response.start":
                status = int(message["status"])
                given = next((v for k, v in message.get("headers", []) if k == b"x-request-id"), None)
                request_id = given.decode("ascii", "replace") if given else request_id
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            seconds = time.perf_counter() - started
            method = scope["method"] if scope["method"] in _METHODS else "OTHER"
            route = self._route(scope)
            metrics.observe(method, route, status, seconds)
            realm = (scope.get("path_params") or {}).get("realm")
            if isinstance(realm, str) and "realm" not in notes:
                notes["realm"] = realm
            logs.access(
                request_id=request_id,
                method=method,
                route=route,
                path=scope["path"],
                status=status,
                seconds=seconds,
                notes=notes,
            )
