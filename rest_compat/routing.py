"""The shared machinery of every dialect: a route row, the parsed call a handler receives, and the
wrapper that authenticates, runs the handler and maps domain errors through the dialect's table.

``Call`` is the one parsing layer of every dialect: path and query values, JSON and form bodies all pass
the checks of ``core.inputs`` there, so a value the store cannot hold is the dialect's 400, and a value
the store refuses all the same (longer than its column) is mapped to one in ``build``."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.routing import Route as StarletteRoute
from starlette.types import Receive, Scope, Send
from tortoise.exceptions import IntegrityError

from core import inputs
from core.errors import Conflict, DomainError, InvalidInput, Unauthenticated
from core.runtime import note_request, request_id, settings
from models.refusals import refusal
from resolvers.auth import verify
from resolvers.kit import transactions
from resolvers.kit.actor import Actor

log = logging.getLogger("iamgraph.rest")


class Call:
    """One request, as a handler sees it: path parameters, query, body, the caller and the base URL."""

    def __init__(self, request: Request, actor: Actor | None) -> None:
        self.request = request
        self.params: dict[str, str] = dict(request.path_params)
        self.query = request.query_params
        self.actor = actor
        for name, value in self.params.items():
            inputs.check_text(value, f"Path parameter {name}", name)
        for name, value in self.query.multi_items():
            inputs.check_text(name, "A query parameter name")
            inputs.check_text(value, f"Query parameter {name}", name)

    @property
    def base_url(self) -> str:
        configured = settings().public_url
        return configured or str(self.request.base_url).rstrip("/")

    @property
    def ip(self) -> str | None:
        return client_ip(self.request)

    async def json(self) -> Any:
        raw = await self.request.body()
        if not raw.strip():
            raise InvalidInput("Request body is empty")
        return inputs.parse_json(raw)

    async def json_object(self) -> dict[str, Any]:
        body = await self.json()
        if not isinstance(body, dict):
            raise InvalidInput("Request body must be a JSON object")
        return body

    async def text(self) -> str:
        """The body as plain UTF-8 text."""
        raw = await self.request.body()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput("The request body must be UTF-8 text") from exc
        return inputs.check_text(text, "The request body")

    async def form(self) -> dict[str, str]:
        form = await self.request.form()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        for name, value in fields.items():
            inputs.check_text(name, "A form field name")
            inputs.check_text(value, f"Form field {name}", name)
        return fields

    async def multipart(self) -> tuple[dict[str, str], dict[str, bytes]]:
        """A multipart form: its text fields and its files' contents."""
        try:
            async with self.request.form() as form:
                fields = {k: v for k, v in form.items() if isinstance(v, str)}
                files = {k: await v.read() for k, v in form.items() if not isinstance(v, str)}
        except (AssertionError, ValueError, KeyError) as exc:
            raise InvalidInput("Malformed multipart body") from exc
        return fields, files

    def query_int(self, name: str, default: int, minimum: int = 0, maximum: int = inputs.INT32_MAX) -> int:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        return inputs.parse_int(raw, f"Query parameter {name}", minimum, maximum, field=name)

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


def client_ip(request: HTTPConnection) -> str | None:
    """The caller's address as uvicorn reports it, which behind a trusted proxy is X-Forwarded-For's
    text: recorded in events only when it is a well-formed IP address that fits their column."""
    host = request.client.host if request.client else None
    if host is None or len(host) > 64:
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return None
    return host


async def bearer_actor(request: Request) -> Actor | None:
    """The caller of a Bearer access token, or ``None`` when no Authorization header is given."""
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Authorization header must be 'Bearer <token>'")
    actor = await verify.authenticate(token.strip(), ip=client_ip(request))
    note_caller(actor)
    return actor


def note_caller(actor: Actor) -> None:
    """The caller in the request's log line: its realm, user and client ids, never its token."""
    note_request(caller_realm=actor.realm_name, user_id=actor.user_id, client_id=actor.client_id)


def build(
    routes: Sequence[Route],
    render_error: ErrorRenderer,
    render_crash: Callable[[], Response],
    authenticate: Authenticator = bearer_actor,
) -> list[StarletteRoute]:
    """Starlette routes for a dialect's table; every handler runs inside the dialect's error mapping."""

    def endpoint(route: Route) -> Callable[[Request], Awaitable[Response]]:
        # A deadlock or serialization failure runs the handler again (the request body is kept).
        handler = transactions.retrying(route.handler)

        async def run(request: Request) -> Response:
            try:
                actor = await authenticate(request) if route.auth else None
                if actor is not None:
                    note_caller(actor)
                if route.auth and actor is None:
                    raise Unauthenticated("Bearer token required")
                return await handler(Call(request, actor))
            except DomainError as exc:
                return render_error(exc)
            except IntegrityError:
                # A fallback for writes not yet inside resolvers.kit.unique (roles, clients, realms, Keto
                # policies, lowball): a concurrent writer won a uniqueness race the resolver had checked for.
                return render_error(Conflict("The object was changed concurrently; it already exists"))
            except Exception as exc:
                refused = refusal(exc)
                if refused:
                    return render_error(InvalidInput(refused))
                log.exception(
                    "unhandled error in %s %s (request id %s)", route.method, route.path, request_id()
                )
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
