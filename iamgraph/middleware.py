"""ASGI middleware: a request id on every response and a limit on body size."""

from __future__ import annotations

import itertools
import json
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class RequestLimits:
    """Answers 413 to bodies over ``max_bytes`` (by Content-Length or by counting a streamed body) and
    tags every response with ``X-Request-Id``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        # Unique per process and cheap: a random prefix and a counter (uuid4 per request is a syscall each).
        prefix = uuid.uuid4().hex[:12]
        self._ids = (f"{prefix}-{n:x}" for n in itertools.count(1))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = next((v.decode() for k, v in scope["headers"] if k == b"x-request-id"), None) or next(
            self._ids
        )

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        length = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._too_large(send_with_id)
            return
        if length is not None:
            await self.app(scope, receive, send_with_id)
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
                await self._too_large(send_with_id)
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

        await self.app(scope, replay, send_with_id)

    async def _too_large(self, send: Send) -> None:
        body = json.dumps(
            {
                "error": "request_too_large",
                "error_description": f"Request body exceeds {self.max_bytes} bytes",
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
