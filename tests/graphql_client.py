"""The tests' one GraphQL client: a document and its variables POSTed to /graphql."""

from __future__ import annotations

from typing import Any

import httpx


def gql_response(client: httpx.Client, query: str, /, **variables: Any) -> dict[str, Any]:
    """The whole body, data and top-level errors, of a 200 answer (for tests of top-level errors)."""
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    return dict(response.json())


def gql(client: httpx.Client, query: str, /, **variables: Any) -> dict[str, Any]:
    """The data of an answer without top-level errors."""
    body = gql_response(client, query, **variables)
    assert "errors" not in body, body["errors"]
    return dict(body["data"])
