"""schema.kit.limits and the validation behind schema.kit.guard: every limit is linear in the document, and
work spent on a document stays bounded as its size doubles. Work is counted, never timed: the walk's
own count of visited selections, and the complexity units graphql-core's OverlappingFieldsCanBeMerged
spends."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise

import graphql
import graphql.validation.rules.overlapping_fields_can_be_merged as overlapping_fields
import pytest
from graphql import GraphQLError, GraphQLSyntaxError, parse

from schema.kit import guard, limits
from schema.schema import schema

SCHEMA = schema._schema
MAX_COST = 20_000
SIZES = (8, 16, 32, 64, 128)


@dataclass
class Work:
    walk: int  # selections the limits walk visited (0 when the parser refused the document)
    overlap: int  # units the field-merging rule spent (0 when the limits refused the document)
    refusals: list[str]  # the limit names, or "parse" / "field merging"


@pytest.fixture
def measure(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Work]]:
    spent = [0]
    original = overlapping_fields.spend_complexity_budget

    def counting(context: object, cost: int) -> None:
        spent[0] += cost
        original(context, cost)  # type: ignore[arg-type]

    monkeypatch.setattr(overlapping_fields, "spend_complexity_budget", counting)

    def run(text: str) -> Work:
        spent[0] = 0
        try:
            document = parse(text, max_tokens=limits.MAX_TOKENS)
        except GraphQLSyntaxError:
            return Work(0, 0, ["parse"])
        walk = limits.summarize(SCHEMA, document, limits.measures(None, MAX_COST)).work
        refused = limits.check(SCHEMA, document, None, None, MAX_COST)
        if refused:
            return Work(walk, 0, [str((e.extensions or {})["limit"]) for e in refused])
        errors = guard._validate(SCHEMA, document, tuple(graphql.specified_rules))
        names = [str((e.extensions or {}).get("limit", "validation")) for e in errors]
        return Work(walk, spent[0], names)

    yield run


def fan_out(n: int) -> str:
    """The issue's document: each fragment spreads the next one twice (2^n expansions in n fragments)."""
    fragments = " ".join(f"fragment G{i} on Query {{ __typename ...G{i + 1} ...G{i + 1} }}" for i in range(n))
    return f"query {{ ...G0 }} {fragments} fragment G{n} on Query {{ __typename }}"


def wide_fragments(n: int) -> str:
    """n fragments with the same fields, all spread into one selection set (pairs of fragments to merge)."""
    fragments = " ".join(
        f"fragment F{i} on Query {{ realms {{ edges {{ node {{ name }} }} }} }}" for i in range(n)
    )
    return "{ " + " ".join(f"...F{i}" for i in range(n)) + " } " + fragments


def overlapping(n: int) -> str:
    """n fields with one response name and different arguments: every pair conflicts."""
    return "{ " + " ".join(f'realm(name: "r{i}") {{ name }}' for i in range(n)) + " }"


def deep(n: int) -> str:
    """A realm -> its users -> their realm -> ... chain n levels deep."""
    inner = "username"
    for _ in range(n):
        inner = f"realm {{ users(first: 1) {{ edges {{ node {{ {inner} }} }} }} }}"
    return f'{{ user(realm: "master", id: "x") {{ {inner} }} }}'


def assert_linear(walks: list[int]) -> None:
    for smaller, larger in pairwise(walks):
        assert larger <= 2 * smaller + 8, walks


def test_fan_out_is_refused_after_a_walk_linear_in_the_text(measure: Callable[[str], Work]) -> None:
    works = [measure(fan_out(n)) for n in SIZES]
    assert_linear([w.walk for w in works])
    # From 2^10 expansions on, the document is refused by the selection limit, before validation.
    assert all(w.refusals == ["selections"] and w.overlap == 0 for w in works[1:]), works


def test_wide_fragments_spend_bounded_work(measure: Callable[[str], Work]) -> None:
    works = [measure(wide_fragments(n)) for n in SIZES]
    assert_linear([w.walk for w in works if w.walk])
    assert all(w.overlap <= guard.OVERLAP_BUDGET + 2 for w in works), works
    assert works[0].refusals == [] and works[-1].refusals != [], works


def test_overlapping_fields_with_different_arguments_spend_bounded_work(
    measure: Callable[[str], Work],
) -> None:
    works = [measure(overlapping(n)) for n in (*SIZES, 256)]
    assert_linear([w.walk for w in works if w.walk])
    # Quadratic in n for the rule, so it is cut at its budget (or by the parser's token cap).
    assert all(w.overlap <= guard.OVERLAP_BUDGET + 2 for w in works), works
    assert "field merging" in works[-2].refusals or "parse" in works[-2].refusals, works
    assert works[-1].refusals == ["parse"], works


def test_deep_nesting_is_refused_by_depth_after_a_linear_walk(measure: Callable[[str], Work]) -> None:
    works = [measure(deep(n)) for n in (2, 4, 8, 16, 32)]
    assert_linear([w.walk for w in works if w.walk])
    assert works[0].refusals == [], works
    assert all("depth" in w.refusals or w.refusals == ["parse"] for w in works[2:]), works


def test_a_long_chain_of_fragments_does_not_exhaust_the_stack() -> None:
    chain = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(3000))
    document = parse("{ ...F0 } " + chain + " fragment F3000 on Query { __typename }")
    errors = limits.check(SCHEMA, document, None, None, MAX_COST)
    assert [e.extensions["limit"] for e in errors if e.extensions] == ["selections"]


def test_fragment_cycles_terminate() -> None:
    document = parse("{ ...A } fragment A on Query { __typename ...B } fragment B on Query { ...A }")
    assert limits.check(SCHEMA, document, None, None, MAX_COST) == []


def values(text: str, variables: dict[str, object] | None = None) -> dict[str, int]:
    chosen = limits.measures(variables, MAX_COST)
    summary = limits.summarize(SCHEMA, parse(text), chosen)
    return dict(zip((m.name for m in chosen), summary.operations[0][1], strict=True))


def test_depth_and_aliases_count_as_before() -> None:
    # Leaves are 0 deep and introspection fields do not count, as graphql-depth-limit counts.
    assert values("{ realms { totalCount } }")["depth"] == 1
    assert values("{ __schema { types { fields { name } } } }")["depth"] == 0
    text = "{ a: realms { totalCount } ...F ...F } fragment F on Query { b: __typename }"
    assert values(text)["aliases"] == 3


def test_cost_multiplies_page_sizes_through_nesting() -> None:
    nested = "query($n: Int) { realms(first: 10) { edges { node { users(first: $n) { totalCount } } } } }"
    assert values(nested, {"n": 50})["cost"] == 10 * (1 + 50)
    # Without a size a page holds 100 rows; siblings add up.
    assert values('{ realms { totalCount } users(realm: "r", first: 5) { totalCount } }')["cost"] == 105
    # Fragments (inline or named) are summarised once and multiplied where they are spread.
    spread = "{ realms(first: 2) { edges { node { ...U } } } }"
    spread += " fragment U on Realm { users(first: 3) { totalCount } }"
    assert values(spread)["cost"] == 2 * (1 + 3)


def test_cost_refusal_names_the_operation_and_the_limit() -> None:
    text = "query Big { realms(first: 1000) { edges { node { users(first: 1000) { totalCount } } } } }"
    errors = limits.check(SCHEMA, parse(text), None, None, MAX_COST)
    assert len(errors) == 1 and isinstance(errors[0], GraphQLError)
    assert errors[0].extensions == {"code": "LIMIT_EXCEEDED", "limit": "cost", "maximum": MAX_COST}
    assert "'Big' may fetch up to 1001000 objects" in errors[0].message
    # Only the operation that runs is priced: another operation of the document may be large.
    two = text + " query Small { __typename }"
    assert limits.check(SCHEMA, parse(two), "Small", None, MAX_COST) == []
