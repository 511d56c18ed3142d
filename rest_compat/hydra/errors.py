"""Hydra 1.11's error shape: every admin and public error is fosite's RFC 6749 error as Hydra's error
enhancer writes it, ``{"error", "error_description"}`` (the description carries the hint; Hydra 1.11 sends
no ``status_code`` member, which the SDK's ``JsonError`` leaves optional)."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NamedInvalidInput,
    NotFound,
    OAuthError,
    RateLimited,
    Unauthenticated,
    Unavailable,
)
from core.runtime import request_id

# Each domain failure as Hydra names it: its status and the ``error`` text Hydra gives that status
# (sqlcon's ErrNoRows and ErrUniqueViolation for a missing or duplicate row, fosite's names otherwise).
_KINDS: tuple[tuple[type[DomainError], int, str], ...] = (
    (Unauthenticated, 401, "request_unauthorized"),
    (Forbidden, 403, "request_forbidden"),
    (NotFound, 404, "Unable to locate the resource"),
    (Conflict, 409, "Unable to insert or update resource because a resource with that value exists already"),
    (OAuthError, 400, "invalid_request"),
    (InvalidInput, 400, "invalid_request"),
    (Unavailable, 503, "temporarily_unavailable"),
)


def error_body(status: int, error: str, description: str) -> dict[str, Any]:
    """``status`` is the answer's, not a member of the body (Hydra 1.11 writes none)."""
    return {"error": error, "error_description": description}


def render_error(exc: DomainError) -> Response:
    status, error = next(((s, e) for kind, s, e in _KINDS if isinstance(exc, kind)), (400, "invalid_request"))
    if isinstance(exc, OAuthError):
        error = exc.error
        status = 401 if exc.unauthorized else status
    if isinstance(exc, NamedInvalidInput):
        error = exc.error
    headers = {"WWW-Authenticate": 'Bearer realm="iamgraph"'} if status == 401 else None
    if isinstance(exc, RateLimited):
        status, error, headers = 429, "too_many_requests", {"Retry-After": str(exc.retry_after)}
    return JSONResponse(error_body(status, error, exc.message), status_code=status, headers=headers)


def render_crash() -> Response:
    body = error_body(
        500, "error", "The error is unrecoverable; the server log names request id " + request_id()
    )
    return JSONResponse(body, status_code=500)
