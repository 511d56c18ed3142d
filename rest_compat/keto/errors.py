"""Keto's error shape (herodot's JSON writer): ``{"error": {"code", "status", "message", "reason"?}}``."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from starlette.responses import JSONResponse, Response

from core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    OAuthError,
    Unauthenticated,
    Unavailable,
)
from core.runtime import request_id

_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (Unauthenticated, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
    (InvalidInput, 400),
    (OAuthError, 400),
    (Unavailable, 503),
)


def error_body(code: int, message: str, reason: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "status": HTTPStatus(code).phrase, "message": message}
    if reason:
        error["reason"] = reason
    return {"error": error}


def render_error(exc: DomainError) -> Response:
    code = next((status for kind, status in _STATUS if isinstance(exc, kind)), 400)
    reason = f"invalid field: {exc.field}" if isinstance(exc, InvalidInput) and exc.field else None
    headers = {"WWW-Authenticate": 'Bearer realm="iamgraph"'} if code == 401 else None
    return JSONResponse(error_body(code, exc.message, reason), status_code=code, headers=headers)


def render_crash() -> Response:
    """herodot's internal error, with its ``request`` field naming the id the server log records."""
    body = error_body(500, "An internal server error occurred, please contact the system administrator")
    body["error"]["request"] = request_id()
    return JSONResponse(body, status_code=500)
