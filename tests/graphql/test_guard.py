"""schema.kit.guard: the document cache is bounded by characters, and refusals name the limit."""

from __future__ import annotations

from graphql import GraphQLError, parse

from schema.kit import guard


def test_the_document_cache_keeps_a_budget_of_characters() -> None:
    cache = guard._Lru(budget=100)
    document = parse("{ __typename }")
    for i in range(10):
        cache.put(f"{i:02d}" + " " * 28, guard._Entry(document))  # 30 characters each
    assert cache.used <= 100 and list(cache.items) == [f"{i:02d}" + " " * 28 for i in (7, 8, 9)]
    assert cache.get("07" + " " * 28) is not None and cache.get("00" + " " * 28) is None
    cache.put("x" * (guard.CACHEABLE_CHARS + 1), guard._Entry(document))
    assert cache.used <= 100 and "x" * (guard.CACHEABLE_CHARS + 1) not in cache.items


def test_an_aborted_field_merging_check_says_why() -> None:
    explained = guard._explained(GraphQLError("Validation aborted."))
    assert explained.extensions == {"code": "LIMIT_EXCEEDED", "limit": "field merging"}
    other = GraphQLError("Cannot query field 'x' on type 'Query'.")
    assert guard._explained(other) is other
