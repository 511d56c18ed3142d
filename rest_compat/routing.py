"""The shared machinery of every dialect: a route row, the parsed call a handler receives, and the
wrapper that authenticates, runs the handler and maps domain errors through the dialect's table."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.routing import Route as StarletteRoute
from starlette.types import Receive, Scope, Send
from tortoise.exceptions import IntegrityError

from core.errors import Conflict, DomainError, InvalidInput, Unauthenticated
from core.runtime import settings
from resolvers.auth import verify
from resolvers.kit.actor import Actor

log = logging.getLogger("iamgraph.rest")


class Call:
    """One request, as a handler sees it: path parameters, query, body, the caller and the base URL."""

    def __init__(self, request: Request, actor: Actor | None) -> None:
        self.request = request
        self.params: dict[str, str] = dict(request.path_params)
        self.query = request.query_params
        self.actor = actor

    @property
    def base_url(self) -> str:
        configured = settings().public_url
        return configured or str(self.request.base_url).rstrip("/")

    @property
    def ip(self) -> str | None:
        return self.request.client.host if self.request.client else None

    async def json(self) -> Any:
        raw = await self.request.body()
        if not raw.strip():
            raise InvalidInput("Request body is empty")
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"Malformed JSON body: {exc}") from exc

    async def json_object(self) -> dict[str, Any]:
        body = await self.json()
        if not isinstance(body, dict):
            raise InvalidInput("Request body must be a JSON object")
        return body

    async def form(self) -> dict[str, str]:
        form = await self.request.form()
        return {k: v for k, v in form.items() if isinstance(v, str)}

    async def multipart(self) -> tuple[dict[str, str], dict[str, bytes]]:
        """A multipart form: its text fields and its files' contents."""
        try:
            async with self.request.form() as form:
                fields = {k: v for k, v in form.items() if isinstance(v, str)}
                files = {k: await v.read() for k, v in form.items() if not isinstance(v, str)}
        except (AssertionError, ValueError, KeyError) as exc:
            raise InvalidInput("Malformed multipart body") from exc
        return fields, files

    def query_int(self, name: str, default: int, minimum: int = 0) -> int:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError as exc:
            raise InvalidInput(f"Query parameter {name} must be an integer") from exc
        if value < minimum:
            raise InvalidInput(f"Query parameter {name} must be at least {minimum}")
        return value

    def query_bool(self, name: str) -> bool | None:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return None
        lowered = raw.lower()
        if lowered not in ("true", "false"):
            raise InvalidInput(f"Query parameter {name} must be true or false")
        return lowered == "true"


Handler = Callable[[Call], Awaitable[Response]]
ErrorRenderer = Callable[[DomainError], Response]
Authenticator = Callable[[Request], Awaitable[Actor | None]]


@dataclass(frozen=True)
class Route:
    """One row of a dialect's route table. ``auth`` says whether the caller must present a token."""

    method: str
    path: str
    handler: Handler
    auth: bool = True
    name: str = field(default="")


async def bearer_actor(request: Request) -> Actor | None:
    """The caller of a Bearer access token, or ``None`` when no Authorization header is given."""
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Authorization header must be 'Bearer <token>'")
    return await verify.authenticate(token.strip(), ip=request.client.host if request.client else None)


def build(
    routes: Sequence[Route],
    render_error: ErrorRenderer,
    render_crash: Callable[[], Response],
    authenticate: Authenticator = bearer_actor,
) -> list[StarletteRoute]:
    """Starlette routes for a dialect's table; every handler runs inside the dialect's error mapping."""

    def endpoint(route: Route) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            try:
                actor = await authenticate(request) if route.auth else None
                if route.auth and actor is None:
                    raise Unauthenticated("Bearer token required")
                return await route.handler(Call(request, actor))
            except DomainError as exc:
                return render_error(exc)
            except IntegrityError:
                # A fallback for writes not yet inside resolvers.kit.unique (roles, clients, realms, Keto
                # policies, lowball): a concurrent writer won a uniqueness race the resolver had checked for.
                return render_error(Conflict("The object was changed concurrently; it already exists"))
            except Exception:
                log.exception("unhandled error in %s %s", route.method, route.path)
                return render_crash()

        return run

    return [
        StarletteRoute(r.path, endpoint(r), methods=[r.method], name=r.name or f"{r.method} {r.path}")
        for r in routes
    ]


class RouteIndex(BaseRoute):
    """Every dialect's routes behind one index keyed by the first path segment and the number of segments,
    so that a request is matched against the handful of rows that could match it instead of all of them
    (Starlette tries routes in order: several hundred regular expressions per request otherwise). Rows with
    a ``:path`` parameter span any number of segments and are tried for every request of their prefix.
    Order within a key is kept, so a specific row listed before a pattern still wins."""

    def __init__(self, routes: Sequence[StarletteRoute]) -> None:
        self._exact: dict[tuple[str, int], list[StarletteRoute]] = {}
        self._spanning: dict[str, list[StarletteRoute]] = {}
        for route in routes:
            segments = route.path.strip("/").split("/")
            if ":path}" in route.path:
                self._spanning.setdefault(segments[0], []).append(route)
            else:
                self._exact.setdefault((segments[0], len(segments)), []).append(route)

    def _candidates(self, scope: Scope) -> list[StarletteRoute]:
        segments = scope["path"].strip("/").split("/")
        return self._exact.get((segments[0], len(segments)), []) + self._spanning.get(segments[0], [])

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        partial: tuple[Match, Scope] | None = None
        for route in self._candidates(scope):
            match, child = route.matches(scope)
            if match is Match.FULL:
                return match, {**child, "iamgraph.route": route}
            if match is Match.PARTIAL and partial is None:
                partial = (match, {**child, "iamgraph.route": route})
        return partial or (Match.NONE, {})

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await scope["iamgraph.route"].handle(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        for routes in [*self._exact.values(), *self._spanning.values()]:
            for route in routes:
                try:
                    return route.url_path_for(name, **path_params)
                except Exception:
                    continue
        raise LookupError(name)
