"""The GraphQL endpoint: GraphiQL for browsers, a Bearer token for every operation, and the request
checked before Strawberry sees it."""

from __future__ import annotations

from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send
from strawberry.asgi import GraphQL

from core import inputs
from core.errors import DomainError, InvalidInput
from core.runtime import settings
from rest_compat.routing import bearer_actor
from schema.context import Context
from schema.schema import schema


class _View(GraphQL[Context, None]):
    async def get_context(self, request: Any, response: Any) -> Context:
        # Absent only when the page is the GraphiQL IDE itself: no operation runs then.
        actor = request.scope.get("state", {}).get("iamgraph_actor")
        base = settings().public_url or str(request.base_url).rstrip("/")
        return Context(actor=actor, base_url=base)


def _error(status: int, message: str, code: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status, headers=headers
    )


def _unauthenticated(message: str) -> Response:
    return _error(401, message, "UNAUTHENTICATED", {"WWW-Authenticate": 'Bearer realm="iamgraph"'})


async def _checked_body(request: Request) -> bytes:
    """The POST body, refused unless it is a JSON object of storable values: Strawberry itself would
    fail on ``null`` or a number and hand unpaired surrogates and NUL characters on to the resolvers."""
    raw = await request.body()
    if request.headers.get("content-type", "").split(";")[0].strip().lower() == "application/json":
        if not isinstance(inputs.parse_json(raw), dict):
            raise InvalidInput("The request body must be a JSON object")
    return raw


def _check_query_string(request: Request) -> None:
    for name, value in request.query_params.multi_items():
        inputs.check_text(value, f"Query parameter {name}")
    variables = request.query_params.get("variables")
    if variables:
        inputs.parse_json(variables, "variables")


class GraphQLEndpoint:
    """Lets a browser load GraphiQL without a token; every query or mutation needs one."""

    def __init__(self) -> None:
        self.view = _View(schema, graphql_ide="graphiql")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        wants_ide = (
            request.method == "GET"
            and "text/html" in request.headers.get("accept", "")
            and "query" not in request.query_params
        )
        if not wants_ide and request.method in ("GET", "POST"):
            try:
                actor = await bearer_actor(request)
            except DomainError as exc:
                await _unauthenticated(exc.message)(scope, receive, send)
                return
            if actor is None:
                await _unauthenticated("Bearer token required")(scope, receive, send)
                return
            scope.setdefault("state", {})["iamgraph_actor"] = actor
        try:
            _check_query_string(request)
            if request.method == "POST":
                receive = _replay(await _checked_body(request), receive)
        except InvalidInput as exc:
            await _error(400, exc.message, "BAD_REQUEST")(scope, receive, send)
            return
        except ClientDisconnect:
            return
        try:
            await self.view(scope, receive, send)
        except ClientDisconnect:
            return  # the client went away mid-body: nobody is left to answer


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive channel that hands Strawberry the body already read, then the client's own."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
