"""Mutations and their typed errors: expected failures are data with a code; auth failures and anything
unexpected stay top-level errors.

``@mutation`` is the one place a domain failure becomes a payload's ``errors``: a mutation's body returns
its payload on success and lets resolvers raise; the runner answers ``Payload(errors=[...])`` for the
expected failures and re-raises the rest.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Awaitable, Callable, Coroutine
from enum import Enum
from typing import Any, ParamSpec, TypeVar

import strawberry

from core.errors import Conflict, DomainError, InvalidInput, NotFound
from resolvers.kit import transactions


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


# The expected failures, by their root class; a subclass (a password policy violation, lowball's wordings)
# takes its root's code. Every other DomainError (Unauthenticated, Forbidden, Unavailable, ...) re-raises.
CODES: dict[type[DomainError], ErrorCode] = {
    InvalidInput: ErrorCode.INVALID,
    NotFound: ErrorCode.NOT_FOUND,
    Conflict: ErrorCode.CONFLICT,
}


def code_of(exc: DomainError) -> ErrorCode | None:
    """The typed code of an expected failure; ``None`` for a failure that must stay a top-level error."""
    return next((code for kind, code in CODES.items() if isinstance(exc, kind)), None)


@strawberry.type(description="The outcome of a write that returns no object.")
class OkPayload:
    ok: bool = False
    deleted_id: str | None = strawberry.field(default=None, description="The id a delete removed.")
    errors: list[MutationError] = strawberry.field(default_factory=list)


P = ParamSpec("P")
R = TypeVar("R")


def typed_errors(write: Callable[P, Awaitable[R]]) -> Callable[P, Coroutine[Any, Any, R]]:
    """Runs ``write``; an expected domain failure becomes its payload type (the return annotation) with
    the failure in ``errors``."""

    # A deadlock or serialization failure runs the mutation again.
    attempt = transactions.retrying(write)

    @functools.wraps(write)
    async def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await attempt(*args, **kwargs)
        except DomainError as exc:
            code = code_of(exc)
            if code is None:
                raise
            error = MutationError(code=code, message=exc.message, field=exc.field)
            return typing.cast(R, _payload_type(write)(errors=[error]))

    return run


@functools.cache
def _payload_type(write: Callable[..., Any]) -> type[Any]:
    # Read when first needed: the payload class may be defined after the mutation in its module.
    return typing.cast(type[Any], typing.get_type_hints(write)["return"])


def mutation(*, description: str | None = None) -> Callable[[Callable[P, Awaitable[R]]], Any]:
    """``strawberry.mutation`` with the typed-errors runner around the resolver."""

    def decorate(write: Callable[P, Awaitable[R]]) -> Any:
        return strawberry.mutation(typed_errors(write), description=description)

    return decorate
