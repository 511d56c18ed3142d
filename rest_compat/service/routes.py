"""Health, as Hydra 1.x and Keto 0.5 document it: ``/health/alive`` answers while the process serves,
``/health/ready`` while the database answers too (503 otherwise). No token: load balancers ask."""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

from core.errors import DomainError
from models.raw import database_answers
from rest_compat.routing import Call, Route


async def alive(call: Call) -> Response:
    return JSONResponse({"status": "ok"})


async def ready(call: Call) -> Response:
    if await database_answers():
        return JSONResponse({"status": "ok"})
    return JSONResponse({"errors": {"database": "the database does not answer"}}, status_code=503)


def render_error(exc: DomainError) -> Response:
    return JSONResponse({"error": exc.message}, status_code=400)


def render_crash() -> Response:
    return JSONResponse({"errors": {"server": "internal error"}}, status_code=500)


ROUTES: list[Route] = [
    Route("GET", "/health/alive", alive, auth=False),
    Route("GET", "/health/ready", ready, auth=False),
]
