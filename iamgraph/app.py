"""The ASGI application: GraphQL and every REST dialect in one process, over one database."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from core import runtime
from core.settings import Settings
from iamgraph import bootstrap, db, keyring
from iamgraph.graphql import GraphQLEndpoint
from iamgraph.graphql_ws import GraphQLWebSocketEndpoint
from iamgraph.metrics import RequestMetrics
from iamgraph.middleware import RequestLimits
from resolvers.events import stream as event_stream
from resolvers.realms.crud import seal_plain_secrets
from rest_compat import routing
from rest_compat.hydra import errors as hydra_errors
from rest_compat.hydra.routes import ROUTES as HYDRA_ROUTES
from rest_compat.keto import errors as keto_errors
from rest_compat.keto.routes import ROUTES as KETO_ROUTES
from rest_compat.keycloak import errors as keycloak_errors
from rest_compat.keycloak.routes import ROUTES as KEYCLOAK_ROUTES
from rest_compat.lowball import errors as lowball_errors
from rest_compat.lowball.handlers import authenticate as lowball_authenticate
from rest_compat.lowball.routes import ROUTES as LOWBALL_ROUTES
from rest_compat.service import routes as service
from rest_compat.service.routes import ROUTES as SERVICE_ROUTES


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    runtime.configure(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            async with db.start_lock(settings.database_url):
                await db.start(settings.database_url)
                await keyring.unlock(settings)
                await bootstrap.ensure_master(settings)
                await seal_plain_secrets()  # secrets a database of an older version kept in the clear
        except BaseException:
            # An open connection's worker thread would keep a process whose start failed alive.
            await db.stop()
            raise
        # Everything made so far (modules, the schema, the ORM's metadata) lives as long as the process:
        # kept out of the collector's full passes, which otherwise visit all of it and pause every thread.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await event_stream.stop()  # the event pollers read the database: stopped before it closes
            await db.stop()

    graphql = GraphQLEndpoint()
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", GraphQLWebSocketEndpoint()),
        routing.RouteIndex(
            [
                *routing.build(KEYCLOAK_ROUTES, keycloak_errors.render_error, keycloak_errors.render_crash),
                *routing.build(SERVICE_ROUTES, service.render_error, service.render_crash),
                *routing.build(KETO_ROUTES, keto_errors.render_error, keto_errors.render_crash),
                *routing.build(HYDRA_ROUTES, hydra_errors.render_error, hydra_errors.render_crash),
                *routing.build(
                    LOWBALL_ROUTES,
                    lowball_errors.render_error,
                    lowball_errors.render_crash,
                    authenticate=lowball_authenticate,
                ),
            ]
        ),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={HTTPException: _http_error})
    app.add_middleware(RequestLimits, max_bytes=settings.max_body_bytes)
    # Outermost but for Starlette's error middleware: it sees every answer, a refused body's included.
    paths = {r.endpoint: r.path for r in routes if isinstance(r, Route)}
    app.add_middleware(RequestMetrics, paths=paths)
    return app
