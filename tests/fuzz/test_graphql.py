"""Schemathesis over the GraphQL schema (the committed ``schema.graphql``): every query and mutation
field, with generated arguments, as the master admin."""

from __future__ import annotations

import graphql as gql
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes

from tests.fuzz import specs
from tests.fuzz.checks import check
from tests.fuzz.conftest import EXAMPLES
from tests.fuzz.target import Target


def _object(fields: dict[str, gql.ValueNode]) -> gql.ObjectValueNode:
    return nodes.Object([gql.ObjectFieldNode(name=gql.NameNode(value=k), value=v) for k, v in fields.items()])


# The schema's own scalars: JSON takes any JSON value as a literal, DateTime an ISO 8601 string.
_JSON = st.recursive(
    st.none().map(lambda _: nodes.Null)
    | st.booleans().map(nodes.Boolean)
    | st.integers(min_value=-(2**31), max_value=2**31 - 1).map(nodes.Int)
    | st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float)
    | st.text().map(nodes.String),
    lambda children: (
        st.lists(children, max_size=4).map(nodes.List)
        | st.dictionaries(
            st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True), children, max_size=4
        ).map(_object)
    ),
    max_leaves=12,
)
schemathesis.graphql.scalar("JSON", _JSON)
schemathesis.graphql.scalar("DateTime", st.datetimes().map(lambda d: nodes.String(d.isoformat() + "Z")))

graphql = specs.graphql()


@graphql.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_graphql(case, target: Target) -> None:  # type: ignore[no-untyped-def]
    renaming = target.aim_graphql(case)
    response = target.send(case, target.admin_headers(), base_url=f"{target.base_url}/graphql")
    check(case, response)
    if renaming:
        target.ensure()
