"""The GraphQL endpoint: GraphiQL for browsers, a Bearer token for every operation."""

from __future__ import annotations

from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from core.errors import DomainError
from core.runtime import settings
from rest_compat.routing import bearer_actor
from schema.kit.context import Context
from schema.schema import schema


class _View(GraphQL[Context, None]):
    async def get_context(self, request: Any, response: Any) -> Context:
        # Absent only when the page is the GraphiQL IDE itself: no operation runs then.
        actor = request.scope.get("state", {}).get("iamgraph_actor")
        base = settings().public_url or str(request.base_url).rstrip("/")
        return Context(actor=actor, base_url=base)


def _unauthenticated(message: str) -> Response:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]},
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer realm="iamgraph"'},
    )


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
            await self.view(scope, receive, send)
        except ClientDisconnect:
            return  # the client went away mid-body: nobody is left to answer
