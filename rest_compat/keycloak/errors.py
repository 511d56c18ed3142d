"""Keycloak's error shapes: ``{"error": ...}`` for missing objects and auth failures,
``{"errorMessage": ...}`` for validation and conflicts (Keycloak's ErrorResponse), OAuth2 errors on the
token endpoints."""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

from core.errors import (
    BadRequest,
    ClientPolicyViolation,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    MailFailed,
    NotFound,
    OAuthError,
    RateLimited,
    Unauthenticated,
    Unavailable,
)
from core.password_policy import PasswordPolicyViolation
from core.runtime import request_id


def render_error(exc: DomainError) -> Response:
    if isinstance(exc, RateLimited):
        return JSONResponse(
            {"error": "too_many_requests", "error_description": exc.message},
            status_code=429,
            headers={"Retry-After": str(exc.retry_after)},
        )
    if isinstance(exc, OAuthError):
        return JSONResponse(
            {"error": exc.error, "error_description": exc.message},
            status_code=401 if exc.unauthorized else 400,
        )
    if isinstance(exc, Unauthenticated):
        return JSONResponse(
            {"error": "HTTP 401 Unauthorized", "error_description": exc.message},
            status_code=401,
            headers={"WWW-Authenticate": 'Bearer realm="iamgraph"'},
        )
    if isinstance(exc, Forbidden):
        return JSONResponse(
            {"error": "HTTP 403 Forbidden", "error_description": exc.message}, status_code=403
        )
    if isinstance(exc, NotFound):
        return JSONResponse({"error": exc.message, "error_description": exc.message}, status_code=404)
    if isinstance(exc, Conflict):
        return JSONResponse({"errorMessage": exc.message}, status_code=409)
    if isinstance(exc, PasswordPolicyViolation):
        # Keycloak answers a policy failure with its message key and the formatted message.
        return JSONResponse({"error": exc.key, "error_description": exc.message}, status_code=400)
    if isinstance(exc, ClientPolicyViolation):
        # Keycloak's admin API turns a ClientPolicyException into an error and its detail.
        return JSONResponse({"error": exc.error, "error_description": exc.message}, status_code=400)
    if isinstance(exc, BadRequest):
        return JSONResponse({"error": exc.message, "error_description": exc.message}, status_code=400)
    if isinstance(exc, InvalidInput):
        body = {"errorMessage": exc.message}
        if exc.field:
            body["field"] = exc.field
        return JSONResponse(body, status_code=400)
    if isinstance(exc, MailFailed):
        # Keycloak answers a mail server failure with 500 and an ErrorResponse body.
        return JSONResponse({"errorMessage": exc.message}, status_code=500)
    if isinstance(exc, Unavailable):
        return JSONResponse({"error": exc.message}, status_code=503)
    return JSONResponse({"error": exc.message}, status_code=400)


def render_crash() -> Response:
    """Keycloak's answer to an unexpected error, naming the request id the server log records it under."""
    return JSONResponse(
        {"error": "unknown_error", "error_description": f"Internal server error (request id {request_id()})"},
        status_code=500,
    )
