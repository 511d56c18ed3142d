"""The schema extension that parses and validates each request's document within bounds.

Order: a cap on the document's length, the parser with a cap on tokens, the limits of ``schema.kit.limits``
(linear in the document), and only then the specification's validation rules. The quadratic one of
those, OverlappingFieldsCanBeMerged, runs under a smaller complexity budget than graphql-core's default.
Parsed documents and their validation results are cached by text, within a budget of characters. A long
document is parsed, checked and validated in a worker thread, so that no single document holds the event
loop: the interpreter hands the loop back its turn every few milliseconds while the thread works.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import graphql.validation.rules.overlapping_fields_can_be_merged as overlapping_fields
from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    parse,
)
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from core.runtime import settings
from schema.kit import limits

V = TypeVar("V")

# graphql-core meters the comparisons of that rule and aborts validation when they exceed this
# module attribute (500,000 by default, about a second and a half here). Real documents stay far
# below a few thousand.
OVERLAP_BUDGET = 10_000
overlapping_fields.MAX_COMPLEXITY_BUDGET = OVERLAP_BUDGET

# Documents up to this length are parsed, checked and validated in place (a few milliseconds at most).
INLINE_CHARS = 512
# The caches hold at most this much document text, and no document longer than CACHEABLE_CHARS: a parsed
# document keeps every token (about 600 bytes and four objects the garbage collector must visit per token),
# so a cache counted in entries would let large documents fill memory and lengthen every full collection.
CACHE_CHARS = 32_768
CACHEABLE_CHARS = 4_096


@dataclass
class _Entry:
    document: DocumentNode
    errors: list[GraphQLError] | None = None  # the validation rules' verdict, once known


class _Lru:
    """Parsed documents by text, least recently used first out, within a budget of characters. Used from
    the event loop only (so it needs no lock)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.items: OrderedDict[str, _Entry] = OrderedDict()

    def get(self, text: str) -> _Entry | None:
        entry = self.items.get(text)
        if entry is not None:
            self.items.move_to_end(text)
        return entry

    def put(self, text: str, entry: _Entry) -> None:
        if len(text) > CACHEABLE_CHARS or text in self.items:
            return
        self.items[text] = entry
        self.used += len(text)
        while self.used > self.budget:
            evicted, _ = self.items.popitem(last=False)
            self.used -= len(evicted)


_DOCUMENTS = _Lru(CACHE_CHARS)


def _parse(query: str) -> DocumentNode:
    return parse(query, max_tokens=limits.MAX_TOKENS)


# One worker: the work is pure Python, so more threads would not finish it sooner, and every extra busy
# thread is one more contender for the interpreter when the event loop wants it back.
_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graphql-documents")


async def _run(query: str, work: Callable[[], V]) -> V:
    if len(query) <= INLINE_CHARS:
        return work()
    return await asyncio.get_running_loop().run_in_executor(_WORKER, work)


class DocumentGuard(SchemaExtension):
    """Bounded parse, the document limits, then cached validation (see the module docstring)."""

    _entry: _Entry

    async def on_parse(self) -> AsyncIterator[None]:
        context = self.execution_context
        query = context.query or ""
        if len(query) > limits.MAX_DOCUMENT_CHARS:
            raise GraphQLError(
                f"The document has {len(query)} characters; the limit is {limits.MAX_DOCUMENT_CHARS}",
                extensions={"code": "LIMIT_EXCEEDED", "limit": "characters"},
            )
        entry = _DOCUMENTS.get(query)
        if entry is None:
            entry = _Entry(await _run(query, lambda: _parse(query)))
            _DOCUMENTS.put(query, entry)
        self._entry = entry
        document = entry.document
        # GraphQL's GetOperation: without a name, the document must hold exactly one operation. (Strawberry
        # would run the first one; its execution context keeps the name the caller gave, if any.)
        given = getattr(context, "_provided_operation_name", context.operation_name)
        operations = sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)
        if given is None and operations > 1:
            raise GraphQLError(
                f"Must provide operationName: the document holds {operations} operations",
                extensions={"code": "BAD_REQUEST"},
            )
        context.graphql_document = document
        yield

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context
        entry = self._entry
        document = entry.document
        query = context.query or ""
        schema = context.schema._schema
        rules = context.validation_rules
        max_cost = settings().graphql_max_cost

        def check() -> list[GraphQLError]:
            # The limits run on every request (the cost depends on the variables), validation once per text.
            refused = limits.check(schema, document, context.operation_name, context.variables, max_cost)
            if refused:
                return refused
            if entry.errors is None:
                entry.errors = _validate(schema, document, rules)
            return entry.errors or []

        context.pre_execution_errors = await _run(query, check)
        yield


def _validate(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    # Strawberry's own validation entry point: the specified rules plus the ones its types need.
    return [_explained(error) for error in validate_document(schema, document, rules)]


def _explained(error: GraphQLError) -> GraphQLError:
    if error.message != "Validation aborted.":
        return error
    return GraphQLError(
        "The document is too complex to validate: too many fields with the same response name to "
        "compare. Use fewer repeated fields or fragments",
        extensions={"code": "LIMIT_EXCEEDED", "limit": "field merging"},
    )
