"""Typed mutation errors: expected failures are data with a code; auth failures stay top-level errors."""

from __future__ import annotations

from enum import Enum

import strawberry

from core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound, Unauthenticated


@strawberry.enum
class ErrorCode(Enum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"


@strawberry.type(description="An expected failure of a mutation.")
class MutationError:
    code: ErrorCode
    message: str
    field: str | None = None


_CODES: dict[type[DomainError], ErrorCode] = {
    InvalidInput: ErrorCode.INVALID,
    NotFound: ErrorCode.NOT_FOUND,
    Conflict: ErrorCode.CONFLICT,
}


def as_mutation_error(exc: DomainError) -> MutationError:
    """The typed error for an expected failure; auth failures and anything else are re-raised."""
    if isinstance(exc, (Unauthenticated, Forbidden)):
        raise exc
    for kind, code in _CODES.items():
        if isinstance(exc, kind):
            return MutationError(code=code, message=exc.message, field=exc.field)
    raise exc
