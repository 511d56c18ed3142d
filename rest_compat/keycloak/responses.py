"""Small response helpers shared by the Keycloak handlers."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response


def ok(body: Any) -> Response:
    return JSONResponse(body)


def no_content() -> Response:
    return Response(status_code=204)


def created(call_url: str, new_id: str) -> Response:
    """201 with a Location header naming the new resource, as Keycloak answers a create."""
    return Response(status_code=201, headers={"Location": f"{call_url.rstrip('/')}/{new_id}"})
