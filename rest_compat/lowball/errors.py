"""lowball's error shape: ``{"message": "<code> <reason>: <description>"}``, as werkzeug prints an
HTTPException. A missing role is 401, as lowball answers it."""

from __future__ import annotations

from http import HTTPStatus

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
from resolvers.lowball import InadequateRoles, SelfRegistrationDisabled

_INADEQUATE = "Current Token Has Inadequate Roles for Requested Action"
_CRASH = "An Error Occurred. Please Check the Logs For Additional Data"


def message(status: int, description: str) -> JSONResponse:
    return JSONResponse(
        {"message": f"{status} {HTTPStatus(status).phrase}: {description}"}, status_code=status
    )


def _status(exc: DomainError) -> tuple[int, str]:
    if isinstance(exc, SelfRegistrationDisabled):
        return 403, exc.message
    if isinstance(exc, InadequateRoles):
        return 401, exc.message
    if isinstance(exc, Forbidden):
        return 401, _INADEQUATE
    if isinstance(exc, OAuthError):
        return (401 if exc.unauthorized else 400), exc.message
    if isinstance(exc, Unauthenticated):
        return 401, exc.message
    if isinstance(exc, NotFound):
        return 404, exc.message
    if isinstance(exc, Conflict):
        return 409, exc.message
    if isinstance(exc, InvalidInput):
        return 400, exc.message
    if isinstance(exc, Unavailable):
        return 503, exc.message
    return 400, exc.message


def render_error(exc: DomainError) -> Response:
    status, description = _status(exc)
    return message(status, description)


def render_crash() -> Response:
    return message(500, f"{_CRASH} (request id {request_id()})")
