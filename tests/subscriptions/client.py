"""A graphql-transport-ws client over the websockets library, as graphql-ws speaks it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

ADMIN_EVENTS = """subscription (
  $realm: String!, $after: String, $resources: [String!], $operations: [String!]
) {
  adminEvents(realm: $realm, after: $after, resourceTypes: $resources, operationTypes: $operations) {
    eventId operationType resourceType resourcePath authUserId
  }
}"""
LOGIN_EVENTS = """subscription ($realm: String!, $after: String, $types: [String!]) {
  loginEvents(realm: $realm, after: $after, types: $types) { eventId type userId clientId }
}"""


def ws_url(base_url: str) -> str:
    return base_url.replace("http", "ws", 1) + "/graphql"


class Session:
    """One acknowledged connection; ``subscribe`` starts an operation, ``next`` reads what it sends."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.ids = 0

    async def send(self, message: dict[str, Any]) -> None:
        await self.socket.send(json.dumps(message))

    async def receive(self, wait: float = 15) -> dict[str, Any]:
        while True:
            message = json.loads(await asyncio.wait_for(self.socket.recv(), wait))
            if message["type"] == "ping":
                await self.send({"type": "pong"})
                continue
            return dict(message)

    async def subscribe(self, query: str, **variables: Any) -> str:
        self.ids += 1
        operation = str(self.ids)
        await self.send(
            {"type": "subscribe", "id": operation, "payload": {"query": query, "variables": variables}}
        )
        return operation

    async def event(self, field: str, wait: float = 15) -> dict[str, Any]:
        """The next event of a subscription (the only one running, or the first to send)."""
        message = await self.receive(wait)
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        return dict(message["payload"]["data"][field])

    async def nothing(self, seconds: float = 1.5) -> None:
        """Asserts that nothing arrives for ``seconds``."""
        try:
            message = await asyncio.wait_for(self.socket.recv(), seconds)
        except TimeoutError:
            return
        raise AssertionError(f"unexpected message {message!r}")


@asynccontextmanager
async def session(base_url: str, token: str) -> AsyncIterator[Session]:
    async with connect(ws_url(base_url), subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        opened = Session(socket)
        await opened.send({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
        assert (await opened.receive())["type"] == "connection_ack"
        yield opened
