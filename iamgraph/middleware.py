"""ASGI middleware: a request id on every response and in every error log, a limit on body size, and
the last guard that turns an error no handler caught into a masked 500 quoting the request id."""

from __future__ import annotations

import itertools
import json
import logging
import re
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.runtime import set_request_id

log = logging.getLogger("iamgraph.http")

# A caller's own X-Request-Id is kept when it is plain printable ASCII of a sane length; anything else
# (non-UTF-8 bytes, control characters) is replaced, since it is echoed in a header and written to logs.
_CALLER_ID = re.compile(rb"[\x21-\x7e]{1,128}")


class RequestLimits:
    """Answers 413 to bodies over ``max_bytes`` (by Content-Length or by counting a streamed body) and
    tags every response with ``X-Request-Id``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        # Unique per process and cheap: a random prefix and a counter (uuid4 per request is a syscall each).
        prefix = uuid.uuid4().hex[:12]
        self._ids = (f"{prefix}-{n:x}" for n in itertools.count(1))

    def _request_id(self, scope: Scope) -> str:
        given = next((v for k, v in scope["headers"] if k == b"x-request-id"), None)
        if given is not None and _CALLER_ID.fullmatch(given):
            return given.decode("ascii")
        return next(self._ids)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = self._request_id(scope)
        set_request_id(request_id)
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self._limited(scope, receive, send_with_id)
        except Exception:
            log.exception(
                "unhandled error in %s %s (request id %s)", scope["method"], scope["path"], request_id
            )
            if started:
                raise
            await _answer(
                send_with_id,
                500,
                {
                    "error": "unknown_error",
                    "error_description": f"Internal server error (request id {request_id})",
                },
            )

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        length = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._too_large(send)
            return
        if length is not None:
            await self.app(scope, receive, send)
            return
        # A streamed body has no length up front: buffer it up to the limit, then replay it.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.max_bytes:
                await self._too_large(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        await _answer(
            send,
            413,
            {
                "error": "request_too_large",
                "error_description": f"Request body exceeds {self.max_bytes} bytes",
            },
        )


async def _answer(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
