"""What a GraphQL caller is told when an operation fails, and the text check on string literals.

Domain errors keep their message (they are written for callers) and GraphQL's own syntax and validation
errors stay as they are. A value the store refused becomes a plain invalid-input error. Anything else is
a bug: the caller gets a masked error quoting the request id, and the log records the exception under
that same id, so neither database nor Python text ever reaches a response.
"""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError, StringValueNode, ValidationRule
from strawberry.extensions import MaskErrors
from strawberry.types import ExecutionContext

from core.errors import DomainError
from core.inputs import text_problem
from core.runtime import request_id
from models.refusals import refusal

log = logging.getLogger("iamgraph.graphql")


def _unexpected(error: GraphQLError) -> bool:
    """An error raised by neither the domain nor GraphQL itself (which wraps its own in GraphQLError)."""
    original = error.original_error
    return original is not None and not isinstance(original, (DomainError, GraphQLError))


class MaskUnexpectedErrors(MaskErrors):
    """Strawberry's MaskErrors, masking only unexpected errors and saying which kind each one was."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_unexpected)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        refused = refusal(error.original_error)
        if refused:
            message, code = refused, "BAD_USER_INPUT"
        else:
            message, code = f"Internal server error (request id {request_id()})", "INTERNAL_SERVER_ERROR"
        return GraphQLError(
            message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": code},
        )


class Schema(strawberry.Schema):
    """Logs each unexpected error once, with its traceback and the request id the caller was given."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if _unexpected(error) and not refusal(error.original_error):
                log.error(
                    "unhandled error in GraphQL at %s (request id %s)",
                    ".".join(str(p) for p in error.path or ()) or "-",
                    request_id(),
                    exc_info=error.original_error,
                )


class PlainStringLiterals(ValidationRule):
    """Refuses string literals the store cannot hold (NUL characters), as variables are refused at the
    endpoint; GraphQL's lexer already refuses unpaired surrogate escapes."""

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
        problem = text_problem(node.value)
        if problem:
            self.report_error(GraphQLError(f"String values {problem}", node))
