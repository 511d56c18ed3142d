"""GraphQL over HTTP on /graphql: media types, status codes, who may ask, the document limits and GraphiQL.
(The graphql-http audits run against the real server in CI: .ci/graphql-http.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.support import admin_client_id, password_token, unique

GRAPHQL_RESPONSE = "application/graphql-response+json"
TYPENAME = {"query": "{ __typename }"}
INTROSPECTION = {"query": "{ __schema { queryType { name } } }"}
TWO_OPERATIONS = "query A { __typename } query B { realms(first: 1) { totalCount } }"
FAN_OUT = (
    "query { ...G0 } "
    + " ".join(f"fragment G{i} on Query {{ __typename ...G{i + 1} ...G{i + 1} }}" for i in range(18))
    + " fragment G18 on Query { __typename }"
)
COST = "query($n: Int) { realms(first: 1000) { edges { node { users(first: $n) { totalCount } } } } }"


def post(client: httpx.Client, body: object, accept: str | None = GRAPHQL_RESPONSE) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return client.post("/graphql", json=body, headers=headers)


@pytest.fixture
def user_token(admin: httpx.Client, base_url: str) -> Iterator[Callable[..., str]]:
    """A token of a new user of ``realm`` holding the given realm-management roles (none by default)."""
    made: list[tuple[str, str]] = []

    def make(realm: str = "master", *roles: str) -> str:
        username = unique("caller")
        response = admin.post(
            f"/admin/realms/{realm}/users",
            json={
                "username": username,
                "enabled": True,
                "credentials": [{"type": "password", "value": "pw"}],
            },
        )
        assert response.status_code == 201, response.text
        user_id = response.headers["Location"].rsplit("/", 1)[1]
        made.append((realm, user_id))
        if roles:
            management = admin.get(
                f"/admin/realms/{realm}/clients", params={"clientId": admin_client_id(realm)}
            )
            uuid = management.json()[0]["id"]
            granted = [admin.get(f"/admin/realms/{realm}/clients/{uuid}/roles/{r}").json() for r in roles]
            mapped = admin.post(
                f"/admin/realms/{realm}/users/{user_id}/role-mappings/clients/{uuid}", json=granted
            )
            assert mapped.status_code == 204, mapped.text
        return password_token(base_url, realm, username, "pw")

    yield make
    for realm, user_id in made:
        admin.delete(f"/admin/realms/{realm}/users/{user_id}")


def test_media_type_follows_the_accept_header(admin: httpx.Client) -> None:
    cases = {
        GRAPHQL_RESPONSE: GRAPHQL_RESPONSE,
        "application/json": "application/json",
        "*/*": "application/json",
        None: "application/json",
        f"{GRAPHQL_RESPONSE}, application/json;q=0.9": GRAPHQL_RESPONSE,
        f"application/json, {GRAPHQL_RESPONSE};q=0.5": "application/json",
    }
    for accept, expected in cases.items():
        response = post(admin, TYPENAME, accept)
        assert response.status_code == 200, (accept, response.text)
        assert response.headers["content-type"] == f"{expected}; charset=utf-8", accept
        assert response.json() == {"data": {"__typename": "Query"}}
    refused = post(admin, TYPENAME, "text/csv")
    assert (
        refused.status_code == 406 and refused.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"
    )


def test_request_errors_are_400_without_data_and_200_for_legacy_json(admin: httpx.Client) -> None:
    requests = {
        "parse": {"query": "{"},
        "validation": {"query": "{ noSuchField }"},
        "variables": {"query": "query($id: ID!) { __typename }", "variables": {"id": None}},
        "operation": {"query": TWO_OPERATIONS},
        "unknown operation": {"query": TWO_OPERATIONS, "operationName": "C"},
    }
    for what, body in requests.items():
        strict = post(admin, body)
        assert strict.status_code == 400, (what, strict.text)
        assert "data" not in strict.json() and strict.json()["errors"], what
        legacy = post(admin, body, "application/json")
        assert legacy.status_code == 200 and "data" not in legacy.json(), what
    chosen = post(admin, {"query": TWO_OPERATIONS, "operationName": "B"})
    assert chosen.status_code == 200 and chosen.json()["data"]["realms"]["totalCount"] >= 1
    ambiguous = post(admin, {"query": TWO_OPERATIONS})
    assert "operationName" in ambiguous.json()["errors"][0]["message"]


def test_field_errors_keep_data_and_200(admin: httpx.Client) -> None:
    response = post(admin, {"query": '{ __typename eventsConfig(realm: "no-such-realm") { eventsEnabled } }'})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None and body["errors"][0]["path"] == ["eventsConfig"]


def test_malformed_http_requests(admin: httpx.Client) -> None:
    def raw(content: bytes, content_type: str | None) -> httpx.Response:
        headers = {"Accept": GRAPHQL_RESPONSE, **({"Content-Type": content_type} if content_type else {})}
        return admin.post("/graphql", content=content, headers=headers)

    assert raw(b'{"query": "{ __typename }"}', "text/plain").status_code == 415
    assert raw(b'{"query": "{ __typename }"}', "application/json; charset=latin-1").status_code == 415
    assert raw(b'{"query": "{ __typename }"}', "application/json; charset=utf-8").status_code == 200
    for body in (b"", b'{ "not JSON', b"[]", b'{"qeury": "{ __typename }"}', b'{"query": 1}'):
        assert raw(body, "application/json").status_code == 400, body
    for name, value in (("variables", "x"), ("variables", [1]), ("extensions", 0), ("operationName", {})):
        response = post(admin, {**TYPENAME, name: value})
        assert response.status_code == 400, (name, value)
    mutation = admin.get("/graphql", params={"query": "mutation { __typename }"})
    assert mutation.status_code == 405 and mutation.headers["allow"] == "POST"
    query = admin.get(
        "/graphql",
        params={"query": "query($n: String!) { __type(name: $n) { name } }", "variables": '{"n": "Realm"}'},
    )
    assert query.status_code == 200 and query.json()["data"]["__type"]["name"] == "Realm"


def test_a_token_without_admin_rights_is_refused_before_validation(
    anonymous: httpx.Client, user_token: Callable[..., str], realm: str
) -> None:
    headers = {"Authorization": f"Bearer {user_token()}", "Accept": GRAPHQL_RESPONSE}
    for body in (TYPENAME, INTROSPECTION, {"query": "{ noSuchField"}, {"query": FAN_OUT}):
        response = anonymous.post("/graphql", json=body, headers=headers)
        assert response.status_code == 403, body
        assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # One admin right in its own realm is enough to ask (the resolvers then decide what it may see).
    limited = {"Authorization": f"Bearer {user_token(realm, 'view-users')}", "Accept": GRAPHQL_RESPONSE}
    allowed = anonymous.post("/graphql", json=INTROSPECTION, headers=limited)
    assert allowed.status_code == 200 and allowed.json()["data"]["__schema"]["queryType"]["name"] == "Query"


def test_the_exponential_fragment_document_is_refused_by_a_limit(admin: httpx.Client) -> None:
    response = post(admin, {"query": FAN_OUT})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED" and error["extensions"]["limit"] == "selections"
    assert admin.get("/health/alive").status_code == 200


def test_document_size_tokens_and_cost_are_limited(admin: httpx.Client) -> None:
    long = post(admin, {"query": "#" * 40_000 + "\n{ __typename }"})
    assert long.status_code == 400 and long.json()["errors"][0]["extensions"]["limit"] == "characters"
    many = post(admin, {"query": "{ " + "a " * 3000 + "}"})
    assert many.status_code == 400 and "tokens" in many.json()["errors"][0]["message"]
    costly = post(admin, {"query": COST, "variables": {"n": 1000}})
    assert costly.status_code == 400 and costly.json()["errors"][0]["extensions"]["limit"] == "cost"
    cheap = post(admin, {"query": COST, "variables": {"n": 5}})
    assert cheap.status_code == 200, cheap.text


def test_graphiql_keeps_the_token_in_the_tab_only(anonymous: httpx.Client) -> None:
    page = anonymous.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "shouldPersistHeaders: false" in page.text and "storage: window.sessionStorage" in page.text
    assert "shouldPersistHeaders: true" not in page.text
