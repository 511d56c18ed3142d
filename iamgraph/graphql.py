"""The GraphQL endpoint, per GraphQL over HTTP: GraphiQL for browsers, a Bearer token for every operation.

Responses use ``application/graphql-response+json`` when the client accepts it, and ``application/json``
otherwise (or when it prefers it). Statuses follow the specification: a request that never reaches
execution (a document that does not parse or validate, an operation that cannot be chosen, variables
that do not coerce) is a 400 without ``data`` under ``application/graphql-response+json``; under
``application/json`` it stays a 200, as legacy clients expect. Malformed HTTP requests are 4xx for both.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.http.ides import get_graphql_ide_html
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from core import inputs
from core.errors import DomainError, Forbidden, InvalidInput
from core.runtime import settings
from resolvers.kit import rights
from rest_compat.routing import bearer_actor
from schema.kit.context import Context
from schema.schema import schema

log = logging.getLogger("iamgraph.graphql")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
_GET_OPERATIONS = frozenset({OperationType.QUERY})
_POST_OPERATIONS = frozenset({OperationType.QUERY, OperationType.MUTATION})


def _graphiql_page() -> str:
    """Strawberry's GraphiQL page, keeping headers (the Bearer token) and every other editor state in
    the tab's session storage only: nothing outlives the tab."""
    page = get_graphql_ide_html("graphiql")
    persisted = "shouldPersistHeaders: true,"
    if persisted not in page:
        raise RuntimeError("GraphiQL page changed: cannot turn off header persistence")
    return page.replace(persisted, "shouldPersistHeaders: false,\n          storage: window.sessionStorage,")


_GRAPHIQL = _graphiql_page()


class _Refused(Exception):
    """The request is refused before any GraphQL processing."""

    def __init__(self, status: int, message: str, code: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.headers = status, message, code, headers or {}


@dataclass
class _Params:
    query: str
    operation_name: str | None
    variables: dict[str, Any] | None
    extensions: dict[str, Any] | None


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header: the supported type of highest quality, the first
    listed on a tie, ``application/json`` for wildcards or no header; ``None`` when nothing fits."""
    if accept is None or not accept.strip():
        return JSON
    best, best_quality = None, 0.0
    for item in accept.split(","):
        media, *parameters = (part.strip() for part in item.split(";"))
        quality = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        media = media.lower()
        choice = GRAPHQL_RESPONSE if media == GRAPHQL_RESPONSE else JSON if media in _JSON_LIKE else None
        if choice is not None and quality > best_quality:
            best, best_quality = choice, quality
    return best


_JSON_LIKE = frozenset({JSON, "application/*", "*/*"})


def _json_object(raw: str | bytes, what: str) -> Any:
    """Parsed JSON of values the store can hold (no NUL, no unpaired surrogates, 64-bit integers, bounded
    nesting): Strawberry would hand anything else on to the resolvers."""
    try:
        return inputs.parse_json(raw, what)
    except InvalidInput as exc:
        raise _Refused(400, exc.message, "BAD_REQUEST") from exc


def _optional(data: dict[str, Any], name: str, kind: type) -> Any:
    value = data.get(name)
    if value is not None and not isinstance(value, kind):
        expected = "a string" if kind is str else "an object"
        raise _Refused(400, f"'{name}' must be {expected} or null", "BAD_REQUEST")
    return value


def _is_json_utf8(content_type: str) -> bool:
    media, *parameters = (part.strip().lower() for part in content_type.split(";"))
    for parameter in parameters:
        key, _, value = parameter.partition("=")
        if key.strip() == "charset" and value.strip().strip('"') not in ("utf-8", "utf8"):
            return False
    return media == JSON


async def _params(request: Request) -> _Params:
    if request.method != "POST":  # GET, or the HEAD Starlette routes along with it
        # An empty parameter is an absent one; variables and extensions are JSON texts.
        data: dict[str, Any] = {k: v for k, v in request.query_params.items() if v != ""}
        for name, value in request.query_params.multi_items():
            problem = inputs.text_problem(value)
            if problem:
                raise _Refused(400, f"Query parameter {name} {problem}", "BAD_REQUEST")
        for name in ("variables", "extensions"):
            if name in data:
                data[name] = _json_object(data[name], f"The '{name}' parameter")
    else:
        if not _is_json_utf8(request.headers.get("content-type", "")):
            raise _Refused(415, "POST bodies must be application/json (UTF-8)", "UNSUPPORTED_MEDIA_TYPE")
        body = await request.body()
        if not body.strip():
            raise _Refused(400, "Request body is empty", "BAD_REQUEST")
        data = _json_object(body, "The request body")
        if not isinstance(data, dict):
            raise _Refused(
                400, "The request body must be a JSON object (batches are not supported)", "BAD_REQUEST"
            )
    query = data.get("query")
    if not isinstance(query, str):
        raise _Refused(400, "'query' must be a string holding the GraphQL document", "BAD_REQUEST")
    return _Params(
        query=query,
        operation_name=_optional(data, "operationName", str),
        variables=_optional(data, "variables", dict),
        extensions=_optional(data, "extensions", dict),
    )


def _encode(body: dict[str, Any]) -> bytes:
    try:
        return orjson.dumps(body)
    except TypeError:  # integers beyond 64 bits, which orjson does not write
        return json.dumps(body, ensure_ascii=False).encode()


def _response(
    body: dict[str, Any], status: int, media: str, headers: dict[str, str] | None = None
) -> Response:
    return Response(_encode(body), status, headers, media_type=f"{media}; charset=utf-8")


def _error_body(message: str, code: str) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


def _is_request_error(result: ExecutionResult) -> bool:
    """Whether the request failed before execution: validation, or coercion of its variables (errors
    without a path; a field error always has one)."""
    if isinstance(result, PreExecutionError):
        return True
    return result.data is None and bool(result.errors) and all(e.path is None for e in result.errors or ())


class _Disconnected(Exception):
    """The client went away while its operation ran."""


async def _until_disconnect(receive: Receive) -> None:
    """Returns when the client disconnects (the request body has been read: only that message is left)."""
    while (await receive())["type"] != "http.disconnect":
        pass


async def _bounded(execution: Awaitable[ExecutionResult], receive: Receive) -> ExecutionResult:
    """The operation's result, unless it outlives the time limit or its client: then it is cancelled
    (a mutation's transaction rolls back), so no abandoned or endless operation holds the server."""
    limit = settings().graphql_timeout
    operation = asyncio.ensure_future(execution)
    watcher = asyncio.ensure_future(_until_disconnect(receive))
    try:
        done, _ = await asyncio.wait({operation, watcher}, timeout=limit, return_when=asyncio.FIRST_COMPLETED)
    finally:
        watcher.cancel()
    if operation in done:
        return operation.result()
    operation.cancel()
    try:
        await operation
    except asyncio.CancelledError:
        pass
    if watcher in done:
        log.info("GraphQL operation cancelled: the client disconnected")
        raise _Disconnected
    log.warning("GraphQL operation stopped after its time limit of %s s", limit)
    raise _Refused(
        503,
        f"The operation was stopped after {limit:g} s, the time limit of one operation",
        "TIMEOUT",
        {"Retry-After": "1"},
    )


class GraphQLEndpoint:
    """``GET`` (queries only) and ``POST`` on ``/graphql``; browsers asking for HTML get GraphiQL."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if (
            request.method == "GET"
            and "text/html" in request.headers.get("accept", "")
            and "query" not in request.query_params
        ):
            await HTMLResponse(_GRAPHIQL)(scope, receive, send)
            return
        media = negotiate(request.headers.get("accept"))
        try:
            if media is None:
                raise _Refused(406, f"Accept must allow {GRAPHQL_RESPONSE} or {JSON}", "NOT_ACCEPTABLE")
            response = await self._handle(request, media, receive)
        except _Refused as refused:
            body = _error_body(refused.message, refused.code)
            response = _response(body, refused.status, media or JSON, refused.headers)
        except (ClientDisconnect, _Disconnected):
            return  # the client went away: nobody is left to answer
        await response(scope, receive, send)

    async def _handle(self, request: Request, media: str, receive: Receive) -> Response:
        try:
            actor = rights.require_graph_access(await bearer_actor(request))
        except Forbidden as exc:
            raise _Refused(403, exc.message, "FORBIDDEN") from exc
        except DomainError as exc:
            challenge = {"WWW-Authenticate": 'Bearer realm="iamgraph"'}
            raise _Refused(401, exc.message, "UNAUTHENTICATED", challenge) from exc
        params = await _params(request)
        get = request.method != "POST"
        base_url = settings().public_url or str(request.base_url).rstrip("/")
        try:
            execution = schema.execute(
                params.query,
                variable_values=params.variables,
                context_value=Context(actor=actor, base_url=base_url),
                operation_name=params.operation_name,
                allowed_operation_types=_GET_OPERATIONS if get else _POST_OPERATIONS,
                operation_extensions=params.extensions,
            )
            result = await _bounded(execution, receive)
        except InvalidOperationTypeError as exc:
            if exc.operation_type == OperationType.SUBSCRIPTION:
                return self._request_error(
                    "Subscriptions run over WebSocket on /graphql (protocol graphql-transport-ws)", media
                )
            raise _Refused(
                405, "Mutations must be sent with POST", "METHOD_NOT_ALLOWED", {"Allow": "POST"}
            ) from exc
        except MissingQueryError:
            return self._request_error("The document is empty", media)
        except CannotGetOperationTypeError as exc:
            name = exc.operation_name
            missing = (
                f"The document has no operation named '{name}'" if name else "The document has no operation"
            )
            return self._request_error(missing, media)
        if _is_request_error(result):
            body: dict[str, Any] = {"errors": [e.formatted for e in result.errors or ()]}
            return _response(body, 400 if media == GRAPHQL_RESPONSE else 200, media)
        body = {"data": result.data}
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        if result.extensions:
            body["extensions"] = result.extensions
        return _response(body, 200, media)

    @staticmethod
    def _request_error(message: str, media: str) -> Response:
        body = _error_body(message, "BAD_REQUEST")
        return _response(body, 400 if media == GRAPHQL_RESPONSE else 200, media)
