"""lowball's error shape: ``{"message": "<code> <reason>: <description>"}``, as werkzeug prints an
HTTPException, with lowball's own words for each failure. A missing role is 401, as lowball answers it."""

from __future__ import annotations

from collections.abc import Callable
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
from resolvers.auth.verify import TokenExpired
from resolvers.lowball.errors import (
    BadCredentials,
    ClientExists,
    ClientNotFound,
    InvalidRoleNames,
    MalformedTokenId,
    MissingClientData,
    ProviderMissing,
    RegistrationClosed,
    TokenClientNotFound,
    TokenNotFound,
)

NO_TOKEN = "No token provided with request"
BAD_HEADER = "Authorization header improperly formatted"
AUTH_PACKAGE = "The Authentication Request Did Not Supply The Required Data"
PROVIDER_PACKAGE = "The Request Did Not Supply The Required Data for the Auth Provider"
_INADEQUATE = "Current Token Has Inadequate Roles for Requested Action"
_CRASH = "An Error Occurred. Please Check the Logs For Additional Data"


class LowballRefusal(DomainError):
    """A refusal of the dialect itself (the Authorization header, a request body), in lowball's words."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status


def _fixed(text: str) -> Callable[[Any], str]:
    return lambda exc: text


# The domain's failures in lowball's words; the first row whose class matches answers. Subclasses first.
_WORDING: tuple[tuple[type[DomainError], int, Callable[[Any], str]], ...] = (
    (ProviderMissing, 503, _fixed("No Authentication Provider Present")),
    (TokenExpired, 401, _fixed("Token Has Expired")),
    (BadCredentials, 401, _fixed("Invalid credentials supplied")),
    (Unauthenticated, 401, _fixed("Token Is Invalid")),
    (RegistrationClosed, 403, _fixed("Client self registration is disabled")),
    (Forbidden, 401, _fixed(_INADEQUATE)),
    (TokenNotFound, 404, _fixed("Specified token not found")),
    (TokenClientNotFound, 404, _fixed("Client ID for requesting token not found in auth provider")),
    (ClientNotFound, 404, lambda exc: f"client_id '{exc.client_id}' not found"),
    (ClientExists, 409, lambda exc: f"client_id '{exc.client_id}' already exists"),
    (MalformedTokenId, 400, _fixed("Invalid token id format")),
    (MissingClientData, 400, _fixed(PROVIDER_PACKAGE)),
    (InvalidRoleNames, 400, _fixed("Roles must be a list of strings")),
)

# Everything else keeps the domain's own message.
_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (NotFound, 404),
    (Conflict, 409),
    (InvalidInput, 400),
    (Unavailable, 503),
)


def message(status: int, description: str) -> JSONResponse:
    return JSONResponse(
        {"message": f"{status} {HTTPStatus(status).phrase}: {description}"}, status_code=status
    )


def _status(exc: DomainError) -> tuple[int, str]:
    if isinstance(exc, LowballRefusal):
        return exc.status, exc.message
    if isinstance(exc, OAuthError):
        return (401 if exc.unauthorized else 400), exc.message
    for kind, status, words in _WORDING:
        if isinstance(exc, kind):
            return status, words(exc)
    status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 400)
    return status, exc.message


def render_error(exc: DomainError) -> Response:
    status, description = _status(exc)
    return message(status, description)


def render_crash() -> Response:
    return message(500, f"{_CRASH} (request id {request_id()})")
