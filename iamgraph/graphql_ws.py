"""GraphQL over WebSocket on ``/graphql``: the ``graphql-transport-ws`` protocol (the graphql-ws library's).

The caller authenticates in ``connection_init`` (``{"Authorization": "Bearer …"}`` in its payload) and
nothing else is accepted before the server's ``connection_ack``: a ``subscribe`` sent earlier closes the
socket with 4401, a refused token with 4403, a connection left without ``connection_init`` with 4408.
Each connection runs at most ``graphql_ws_max_operations`` operations at once; one more is refused with
an ``error`` message, and the connection stays open. Queries and mutations run too (one ``next``, then
``complete``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncGenerator
from typing import Any

from graphql import GraphQLError
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from core import inputs, metrics
from core.errors import DomainError, Forbidden, InvalidInput
from core.runtime import settings
from resolvers.auth import verify
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from rest_compat.routing import client_ip
from schema.kit.context import Context
from schema.schema import schema

log = logging.getLogger("iamgraph.graphql")

PROTOCOL = "graphql-transport-ws"
# Seconds a new connection has to send connection_init.
INIT_TIMEOUT = 10.0
_OPERATIONS = frozenset({OperationType.QUERY, OperationType.MUTATION, OperationType.SUBSCRIPTION})


class _Close(Exception):
    """Close the socket with this code and reason."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


def _errors(message: str, code: str) -> list[dict[str, Any]]:
    return [{"message": message, "extensions": {"code": code}}]


async def _authenticate(websocket: WebSocket, payload: Any) -> Actor:
    """The caller named by connection_init's payload, or a 4403 close."""
    header = (
        (payload.get("Authorization") or payload.get("authorization")) if isinstance(payload, dict) else None
    )
    if not isinstance(header, str) or not header.strip():
        raise _Close(4403, "Forbidden: connection_init must carry Authorization: Bearer <token>")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _Close(4403, "Forbidden: Authorization must be 'Bearer <token>'")
    try:
        actor = await verify.authenticate(token.strip(), ip=client_ip(websocket))
        return rights.require_graph_access(actor)
    except Forbidden as exc:
        raise _Close(4403, f"Forbidden: {exc.message}"[:120]) from exc
    except DomainError as exc:
        raise _Close(4403, f"Forbidden: {exc.message}"[:120]) from exc


class _Connection:
    """One socket's protocol state: the caller once acknowledged, and its running operations."""

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket
        self.actor: Actor | None = None
        self.payload: Any = {}
        self.operations: dict[str, asyncio.Task[None]] = {}
        self.sending = asyncio.Lock()
        self.base_url = settings().public_url or str(websocket.base_url).rstrip("/").replace("ws", "http", 1)

    async def send(self, message: dict[str, Any]) -> None:
        async with self.sending:
            await self.websocket.send_text(json.dumps(message, ensure_ascii=False))

    async def run(self) -> None:
        try:
            message = await asyncio.wait_for(self._receive(), INIT_TIMEOUT)
        except TimeoutError as exc:
            raise _Close(4408, "Connection initialisation timeout") from exc
        if message.get("type") != "connection_init":
            if message.get("type") == "subscribe":
                raise _Close(4401, "Unauthorized")
            raise _Close(4400, "connection_init expected")
        self.payload = message.get("payload") or {}
        self.actor = await _authenticate(self.websocket, self.payload)
        await self.send({"type": "connection_ack"})
        while True:
            await self._dispatch(await self._receive())

    async def _receive(self) -> dict[str, Any]:
        text = await self.websocket.receive_text()
        try:
            message = inputs.parse_json(text, "The message")
        except InvalidInput as exc:
            raise _Close(4400, exc.message[:120]) from exc
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            raise _Close(4400, "A message must be a JSON object with a type")
        return message

    async def _dispatch(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "ping":
            await self.send({"type": "pong"})
        elif kind == "pong":
            pass
        elif kind == "connection_init":
            raise _Close(4429, "Too many initialisation requests")
        elif kind == "subscribe":
            await self._subscribe(message)
        elif kind == "complete":
            task = self.operations.pop(str(message.get("id")), None)
            if task is not None:
                task.cancel()
        else:
            raise _Close(4400, f"Unknown message type {kind[:40]!r}")

    async def _subscribe(self, message: dict[str, Any]) -> None:
        operation_id, payload = message.get("id"), message.get("payload")
        if not isinstance(operation_id, str) or not operation_id or not isinstance(payload, dict):
            raise _Close(4400, "subscribe needs an id and a payload")
        if operation_id in self.operations:
            raise _Close(4409, f"Subscriber for {operation_id[:60]} already exists")
        query, variables = payload.get("query"), payload.get("variables")
        name, extensions = payload.get("operationName"), payload.get("extensions")
        if (
            not isinstance(query, str)
            or not isinstance(variables, dict | None)
            or not isinstance(name, str | None)
            or not isinstance(extensions, dict | None)
        ):
            raise _Close(4400, "subscribe's payload needs a query string")
        limit = settings().graphql_ws_max_operations
        if len(self.operations) >= limit:
            await self.send(
                {
                    "type": "error",
                    "id": operation_id,
                    "payload": _errors(
                        f"A connection runs at most {limit} operations at once", "TOO_MANY_OPERATIONS"
                    ),
                }
            )
            return
        # The token is checked again for each operation: one that expired or was revoked since
        # connection_init starts nothing more (a running subscription goes on).
        try:
            self.actor = await _authenticate(self.websocket, self.payload)
        except _Close as refused:
            await self.send(
                {"type": "error", "id": operation_id, "payload": _errors(refused.reason, "UNAUTHENTICATED")}
            )
            return
        context = Context(actor=self.actor, base_url=self.base_url)
        self.operations[operation_id] = asyncio.create_task(
            self._operate(operation_id, query, variables, name, extensions, context)
        )

    async def _operate(
        self,
        operation_id: str,
        query: str,
        variables: dict[str, Any] | None,
        name: str | None,
        extensions: dict[str, Any] | None,
        context: Context,
    ) -> None:
        with metrics.subscription_open():  # the active-subscriptions gauge
            await self._stream(operation_id, query, variables, name, extensions, context)

    async def _stream(
        self,
        operation_id: str,
        query: str,
        variables: dict[str, Any] | None,
        name: str | None,
        extensions: dict[str, Any] | None,
        context: Context,
    ) -> None:
        try:
            results = await schema.stream(
                query,
                variable_values=variables,
                context_value=context,
                operation_name=name,
                operation_extensions=extensions,
                allowed_operation_types=_OPERATIONS,
            )
            if isinstance(results, ExecutionResult):
                await self._refuse(operation_id, results)
                return
            first = True
            async for result in _results(results):
                if first and _is_request_error(result):
                    await self._refuse(operation_id, result)
                    return
                first = False
                await self.send({"type": "next", "id": operation_id, "payload": _payload(result)})
            await self.send({"type": "complete", "id": operation_id})
        except asyncio.CancelledError:
            raise
        except WebSocketDisconnect:
            pass
        except Exception:
            log.exception("GraphQL WebSocket operation failed")
            with contextlib.suppress(Exception):
                await self.send(
                    {
                        "type": "error",
                        "id": operation_id,
                        "payload": _errors("Internal server error", "INTERNAL"),
                    }
                )
        finally:
            self.operations.pop(operation_id, None)

    async def _refuse(self, operation_id: str, result: ExecutionResult) -> None:
        errors = [e.formatted for e in result.errors or ()] or _errors("The operation failed", "BAD_REQUEST")
        await self.send({"type": "error", "id": operation_id, "payload": errors})

    async def close(self) -> None:
        for task in list(self.operations.values()):
            task.cancel()
        for task in list(self.operations.values()):
            with contextlib.suppress(BaseException):
                await task


async def _results(results: Any) -> AsyncGenerator[ExecutionResult, None]:
    """The results of ``schema.stream``: queries and mutations within the time limit of one operation."""
    async with contextlib.aclosing(results) as stream:
        async for result in stream:
            if isinstance(result, ExecutionResult):
                yield result


def _is_request_error(result: ExecutionResult) -> bool:
    """Whether the operation failed before execution (parsing, validation, the choice of operation,
    variables): no data, and no error of a field (which has a path)."""
    return result.data is None and bool(result.errors) and all(e.path is None for e in result.errors or ())


def _payload(result: ExecutionResult) -> dict[str, Any]:
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [
            e.formatted if isinstance(e, GraphQLError) else {"message": str(e)} for e in result.errors
        ]
    if result.extensions:
        body["extensions"] = result.extensions
    return body


class GraphQLWebSocketEndpoint:
    """The WebSocket side of ``/graphql``."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        websocket = WebSocket(scope, receive, send)
        if PROTOCOL not in websocket.scope.get("subprotocols", ()):
            await websocket.accept()
            await websocket.close(4406, "Subprotocol not acceptable")
            return
        await websocket.accept(subprotocol=PROTOCOL)
        connection = _Connection(websocket)
        try:
            await connection.run()
        except _Close as close:
            with contextlib.suppress(Exception):
                await websocket.close(close.code, close.reason)
        except WebSocketDisconnect:
            pass
        finally:
            await connection.close()
            if websocket.application_state != WebSocketState.DISCONNECTED:
                with contextlib.suppress(Exception):
                    await websocket.close(1000)
