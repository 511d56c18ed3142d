"""Limits on a GraphQL document, each computed in time linear in the document.

Every limit is a ``Measure``: how a field, a fragment (spread or inline) and two sibling selections
combine. One walk computes every measure at once. Each fragment definition is summarised once, in
dependency order, and a spread reuses that summary: a fragment spread on many paths costs one lookup per
spread, never a new walk of the fragment. Values are what the fully expanded document would give (a
fragment spread twice counts twice), so a document built to double its expansion with every fragment
is refused after a walk proportional to its text.

A new limit is one more ``Measure`` in ``measures()``; it sees each field with its schema definition,
which is how ``Cost`` knows a field is a page (it takes ``first``) and what its default size is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from graphql.type import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef

from schema.kit.relay import MAX_PAGE

# Checked before parsing (characters) and by the parser itself (lexical tokens).
MAX_DOCUMENT_CHARS = 32_768
MAX_TOKENS = 2_000
MAX_DEPTH = 12
MAX_ALIASES = 30
# Fields, fragment spreads and inline fragments once every spread is expanded, over all operations.
MAX_SELECTIONS = 1_000
# A page field without a size fetches this many rows (``schema.relay.page_size``).
DEFAULT_PAGE = 100


class Measure(Protocol):
    """One limit: a value per selection set, built from its selections."""

    name: str
    maximum: int
    # "document": summed over every operation; "operation": each operation on its own;
    # "executed": only the operation that runs (its value depends on the request's variables).
    scope: str

    def field(self, node: FieldNode, definition: GraphQLField | None, inner: int) -> int: ...

    def fragment(self, inner: int) -> int: ...

    def combine(self, left: int, right: int) -> int: ...

    def refusal(self, operation: str, value: int) -> str: ...


class Selections:
    name = "selections"
    maximum = MAX_SELECTIONS
    scope = "document"

    def field(self, node: FieldNode, definition: GraphQLField | None, inner: int) -> int:
        return 1 + inner

    def fragment(self, inner: int) -> int:
        return 1 + inner

    def combine(self, left: int, right: int) -> int:
        return left + right

    def refusal(self, operation: str, value: int) -> str:
        return (
            f"The document selects {value} fields and fragments once its fragments are expanded; "
            f"the limit is {self.maximum}"
        )


class Depth:
    """Nesting of fields with sub-selections; introspection fields do not count (as in
    graphql-depth-limit)."""

    name = "depth"
    maximum = MAX_DEPTH
    scope = "operation"

    def field(self, node: FieldNode, definition: GraphQLField | None, inner: int) -> int:
        if node.selection_set is None or node.name.value.startswith("__"):
            return 0
        return 1 + inner

    def fragment(self, inner: int) -> int:
        return inner

    def combine(self, left: int, right: int) -> int:
        return max(left, right)

    def refusal(self, operation: str, value: int) -> str:
        return f"'{operation}' exceeds maximum operation depth of {self.maximum}"


class Aliases:
    name = "aliases"
    maximum = MAX_ALIASES
    scope = "document"

    def field(self, node: FieldNode, definition: GraphQLField | None, inner: int) -> int:
        return inner + (1 if node.alias else 0)

    def fragment(self, inner: int) -> int:
        return inner

    def combine(self, left: int, right: int) -> int:
        return left + right

    def refusal(self, operation: str, value: int) -> str:
        return f"{value} aliases found once fragments are expanded. Allowed: {self.maximum}"


@dataclass
class Cost:
    """The most objects an operation can fetch: a page field (one taking ``first``) fetches up to its page
    size, and everything selected inside it once per row: cost(page) = size x (1 + cost(inside))."""

    variables: Mapping[str, Any]
    maximum: int
    name: str = "cost"
    scope: str = "executed"

    def field(self, node: FieldNode, definition: GraphQLField | None, inner: int) -> int:
        if definition is None or "first" not in definition.args:
            return inner
        return self._page_size(node, definition) * (1 + inner)

    def _page_size(self, node: FieldNode, definition: GraphQLField) -> int:
        size: object = None
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            if isinstance(argument.value, IntValueNode):
                size = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                size = self.variables.get(argument.value.name.value)
        if size is None:
            size = definition.args["first"].default_value
        if not isinstance(size, int) or isinstance(size, bool):
            size = DEFAULT_PAGE
        # Out-of-range sizes are refused by the resolver; here they only must not make the cost negative.
        return min(max(size, 0), MAX_PAGE)

    def fragment(self, inner: int) -> int:
        return inner

    def combine(self, left: int, right: int) -> int:
        return left + right

    def refusal(self, operation: str, value: int) -> str:
        return (
            f"'{operation}' may fetch up to {value} objects (page sizes multiplied through nesting); "
            f"the limit is {self.maximum}. Ask for smaller pages (first) or fewer nested lists"
        )


def measures(variables: Mapping[str, Any] | None, max_cost: int) -> list[Measure]:
    return [Selections(), Depth(), Aliases(), Cost(variables or {}, max_cost)]


@dataclass
class Summary:
    """The measures of each operation, and the work spent (selections visited, each at most twice)."""

    operations: list[tuple[OperationDefinitionNode, tuple[int, ...]]]
    work: int = 0


class _Walker:
    def __init__(self, schema: GraphQLSchema, measures: Sequence[Measure]) -> None:
        self.schema = schema
        self.fragments: dict[str, tuple[int, ...]] = {}
        self.work = 0
        self.empty = (0,) * len(measures)
        # Bound methods looked up once: the walk calls them for every selection.
        self._fields = [m.field for m in measures]
        self._fragments = [m.fragment for m in measures]
        self._combines = [m.combine for m in measures]

    def selection_set(self, node: SelectionSetNode, parent: GraphQLNamedType | None) -> tuple[int, ...]:
        # Recurses only along the document's own nesting (which the parser bounds), never into a
        # fragment: a spread reads the fragment's summary, made before it.
        total: tuple[int, ...] | None = None
        for selection in node.selections:
            self.work += 1
            if isinstance(selection, FieldNode):
                definition = _field_definition(self.schema, parent, selection.name.value)
                if selection.selection_set is None:
                    inner = self.empty
                else:
                    scope = get_named_type(definition.type) if definition is not None else None
                    inner = self.selection_set(selection.selection_set, scope)
                value = tuple([f(selection, definition, v) for f, v in zip(self._fields, inner, strict=True)])
            else:
                if isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    scope = self.schema.get_type(condition.name.value) if condition else parent
                    inner = self.selection_set(selection.selection_set, scope)
                else:
                    assert isinstance(selection, FragmentSpreadNode)
                    inner = self.fragments.get(selection.name.value, self.empty)
                value = tuple([f(v) for f, v in zip(self._fragments, inner, strict=True)])
            if total is None:
                total = value
            else:
                total = tuple([c(a, b) for c, a, b in zip(self._combines, total, value, strict=True)])
        return self.empty if total is None else total


def summarize(schema: GraphQLSchema, document: DocumentNode, measures: Sequence[Measure]) -> Summary:
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    walker = _Walker(schema, measures)
    order = _dependency_order(fragments, walker)
    for name in order:
        definition = fragments[name]
        walker.fragments[name] = walker.selection_set(
            definition.selection_set, schema.get_type(definition.type_condition.name.value)
        )
    operations = [
        (d, walker.selection_set(d.selection_set, schema.get_root_type(d.operation)))
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    ]
    return Summary(operations, walker.work)


def check(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    max_cost: int,
) -> list[GraphQLError]:
    """The limits ``document`` exceeds, as GraphQL errors (empty when it is within every limit)."""
    chosen = measures(variables, max_cost)
    summary = summarize(schema, document, chosen)
    executed = _executed(summary.operations, operation_name)
    errors: list[GraphQLError] = []
    for index, measure in enumerate(chosen):
        if measure.scope == "document":
            value = sum(values[index] for _, values in summary.operations)
            if value > measure.maximum:
                errors.append(_refusal(measure, "document", value, None))
            continue
        for operation, values in summary.operations:
            if measure.scope == "executed" and operation is not executed:
                continue
            if values[index] > measure.maximum:
                name = operation.name.value if operation.name else "anonymous"
                errors.append(_refusal(measure, name, values[index], operation))
    return errors


def _refusal(
    measure: Measure, operation: str, value: int, node: OperationDefinitionNode | None
) -> GraphQLError:
    return GraphQLError(
        measure.refusal(operation, value),
        node,
        extensions={"code": "LIMIT_EXCEEDED", "limit": measure.name, "maximum": measure.maximum},
    )


def _executed(
    operations: list[tuple[OperationDefinitionNode, tuple[int, ...]]], name: str | None
) -> OperationDefinitionNode | None:
    if name is None:
        return operations[0][0] if len(operations) == 1 else None
    return next((op for op, _ in operations if op.name and op.name.value == name), None)


def _field_definition(
    schema: GraphQLSchema, parent: GraphQLNamedType | None, name: str
) -> GraphQLField | None:
    if name == "__typename":
        return TypeNameMetaFieldDef
    if parent is not None and parent is schema.query_type:
        if name == "__schema":
            return SchemaMetaFieldDef
        if name == "__type":
            return TypeMetaFieldDef
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        return parent.fields.get(name)
    return None


def _spread_names(selection_set: SelectionSetNode, walker: _Walker) -> list[str]:
    names: list[str] = []
    pending = [selection_set]
    while pending:
        for selection in pending.pop().selections:
            walker.work += 1
            if isinstance(selection, FieldNode | InlineFragmentNode):
                if selection.selection_set is not None:
                    pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                names.append(selection.name.value)
    return names


def _dependency_order(fragments: Mapping[str, FragmentDefinitionNode], walker: _Walker) -> list[str]:
    """Fragment names, each after the fragments it spreads (an iterative depth-first walk, so a long
    chain of fragments cannot exhaust the stack). A fragment on a cycle is summarised before the ones it
    waits for; they count as empty there, and validation reports the cycle."""
    spreads = {name: _spread_names(d.selection_set, walker) for name, d in fragments.items()}
    order: list[str] = []
    seen: set[str] = set()
    for root in fragments:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(spreads[root]))]
        while stack:
            name, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                order.append(name)
            elif child in fragments and child not in seen:
                seen.add(child)
                stack.append((child, iter(spreads[child])))
    return order
