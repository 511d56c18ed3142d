"""An operation is stopped at its time limit, and when its client disconnects (#10 rule 5): neither an
endless nor an abandoned operation keeps holding the server. Driven at the ASGI level, with an operation
that never ends on its own."""

from __future__ import annotations

import asyncio
import json
from collections.abc import MutableMapping
from typing import Any

import pytest

import iamgraph.graphql as endpoint
from core.settings import Settings
from resolvers.kit.actor import SYSTEM


class _Endless:
    """Stands in for the schema: an operation that runs until it is cancelled, and says so."""

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.cancelled = False

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        self.started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            self.cancelled = True
            raise


def _prepare(monkeypatch: pytest.MonkeyPatch, timeout: float) -> _Endless:
    endless = _Endless()
    settings = Settings.from_env({"IAMGRAPH_GRAPHQL_TIMEOUT": str(timeout)})

    async def caller(request: Any) -> Any:
        return SYSTEM

    monkeypatch.setattr(endpoint, "settings", lambda: settings)
    monkeypatch.setattr(endpoint, "bearer_actor", caller)
    monkeypatch.setattr(endpoint.schema, "execute", endless.execute)
    return endless


def _scope() -> dict[str, Any]:
    return {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "headers": [(b"content-type", b"application/json"), (b"accept", b"application/json")],
        "query_string": b"",
        "server": ("127.0.0.1", 80),
        "scheme": "http",
        "root_path": "",
    }


async def _call(receive: Any) -> list[MutableMapping[str, Any]]:
    sent: list[MutableMapping[str, Any]] = []

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    await asyncio.wait_for(endpoint.GraphQLEndpoint()(_scope(), receive, send), 10)
    return sent


_BODY = {"type": "http.request", "body": json.dumps({"query": "{ realms { totalCount } }"}).encode()}


def test_an_operation_past_its_time_limit_is_stopped_with_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    endless = _prepare(monkeypatch, timeout=0.2)

    async def scenario() -> list[MutableMapping[str, Any]]:
        messages = [_BODY]
        never = asyncio.Event()

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop(0)
            await never.wait()
            return {"type": "http.disconnect"}

        return await _call(receive)

    sent = asyncio.run(scenario())
    assert endless.cancelled
    assert sent[0]["status"] == 503
    body = json.loads(sent[1]["body"])
    assert body["errors"][0]["extensions"]["code"] == "TIMEOUT"
    assert "0.2 s" in body["errors"][0]["message"]


def test_an_operation_whose_client_left_is_cancelled(monkeypatch: pytest.MonkeyPatch) -> None:
    endless = _prepare(monkeypatch, timeout=60)

    async def scenario() -> list[MutableMapping[str, Any]]:
        messages = [_BODY]

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop(0)
            await endless.started.wait()  # the client leaves once its operation runs
            return {"type": "http.disconnect"}

        return await _call(receive)

    sent = asyncio.run(scenario())
    assert endless.cancelled
    assert sent == []  # nobody is left to answer


def test_an_operation_that_ends_in_time_is_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    _prepare(monkeypatch, timeout=5)

    async def quick(*args: Any, **kwargs: Any) -> Any:
        return endpoint.ExecutionResult(data={"realms": {"totalCount": 1}}, errors=None)

    monkeypatch.setattr(endpoint.schema, "execute", quick)

    async def scenario() -> list[MutableMapping[str, Any]]:
        messages = [_BODY]

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop(0)
            await asyncio.sleep(3600)
            return {"type": "http.disconnect"}

        return await _call(receive)

    sent = asyncio.run(scenario())
    assert sent[0]["status"] == 200
    assert json.loads(sent[1]["body"]) == {"data": {"realms": {"totalCount": 1}}}
