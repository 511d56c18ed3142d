"""GraphQL: the same operations as the Keycloak door, over the same store."""

from __future__ import annotations

import httpx

from tests.graphql_client import gql
from tests.support import count_sql, unique

USERS_WITH_REALM = """
query ($realm: String!, $first: Int, $after: String) {
  users(realm: $realm, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id userId username email attributes realm { name } } }
  }
}
"""

USER_CREATE = """
mutation ($realm: String!, $input: UserInput!) {
  userCreate(realm: $realm, input: $input) {
    user { id userId username }
    errors { code field message }
  }
}
"""

REALM_CREATE = """
mutation ($input: RealmInput!) {
  realmCreate(input: $input) { realm { name enabled settings } errors { code message } }
}
"""

NODE = "query ($id: ID!) { node(id: $id) { id ... on User { username } ... on Realm { name } } }"


def test_graphql_needs_a_bearer_token(anonymous: httpx.Client) -> None:
    response = anonymous.post("/graphql", json={"query": "{ realms { totalCount } }"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    bad = anonymous.post(
        "/graphql", json={"query": "{ realms { totalCount } }"}, headers={"Authorization": "Bearer nope"}
    )
    assert bad.status_code == 401


def test_graphiql_is_served_to_browsers(anonymous: httpx.Client) -> None:
    response = anonymous.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


def test_user_created_by_rest_is_seen_by_graphql_and_the_reverse(admin: httpx.Client, realm: str) -> None:
    admin.post(f"/admin/realms/{realm}/users", json={"username": "rest-made", "attributes": {"k": ["v"]}})
    data = gql(
        admin,
        USER_CREATE,
        realm=realm,
        input={"username": "GQL-Made", "email": "g@x.io", "password": {"value": "pw"}},
    )
    created = data["userCreate"]
    assert created["errors"] == [] and created["user"]["username"] == "gql-made"
    rest = admin.get(f"/admin/realms/{realm}/users/{created['user']['userId']}").json()
    assert rest["email"] == "g@x.io"
    users = gql(admin, USERS_WITH_REALM, realm=realm)["users"]
    assert users["totalCount"] == 2
    by_name = {e["node"]["username"]: e["node"] for e in users["edges"]}
    assert (
        by_name["rest-made"]["attributes"] == {"k": ["v"]} and by_name["rest-made"]["realm"]["name"] == realm
    )
    node = gql(admin, NODE, id=by_name["rest-made"]["id"])["node"]
    assert node["username"] == "rest-made"


def test_typed_mutation_errors(admin: httpx.Client, realm: str) -> None:
    gql(admin, USER_CREATE, realm=realm, input={"username": "dup"})
    again = gql(admin, USER_CREATE, realm=realm, input={"username": "dup"})["userCreate"]
    assert again["user"] is None and again["errors"][0]["code"] == "CONFLICT"
    bad = gql(admin, USER_CREATE, realm=realm, input={"username": "ok", "email": "nope"})["userCreate"]
    assert bad["errors"] == [{"code": "INVALID", "field": "email", "message": "error-invalid-email"}]


def test_realm_mutations_and_connection_paging(admin: httpx.Client) -> None:
    name = unique("gqlrealm")
    made = gql(
        admin, REALM_CREATE, input={"name": name, "enabled": True, "settings": {"accessTokenLifespan": 99}}
    )["realmCreate"]
    assert made["errors"] == [] and made["realm"]["settings"]["accessTokenLifespan"] == 99
    assert admin.get(f"/admin/realms/{name}").json()["accessTokenLifespan"] == 99
    for i in range(5):
        gql(admin, USER_CREATE, realm=name, input={"username": f"p{i}"})
    page1 = gql(admin, USERS_WITH_REALM, realm=name, first=2)["users"]
    assert [e["node"]["username"] for e in page1["edges"]] == ["p0", "p1"] and page1["pageInfo"][
        "hasNextPage"
    ]
    page2 = gql(admin, USERS_WITH_REALM, realm=name, first=2, after=page1["pageInfo"]["endCursor"])["users"]
    assert [e["node"]["username"] for e in page2["edges"]] == ["p2", "p3"]
    deleted = gql(
        admin, "mutation ($n: String!) { realmDelete(name: $n) { deletedId errors { code } } }", n=name
    )
    assert deleted["realmDelete"]["deletedId"] == name


def test_listing_users_with_their_realm_costs_constant_sql(admin: httpx.Client, realm: str) -> None:
    for i in range(50):
        admin.post(
            f"/admin/realms/{realm}/users", json={"username": f"u{i:02d}", "attributes": {"n": [str(i)]}}
        )

    def statements(first: int) -> int:
        with count_sql() as counter:
            data = gql(admin, USERS_WITH_REALM, realm=realm, first=first)
        assert len(data["users"]["edges"]) == first
        return counter.count

    assert statements(5) == statements(50)


EVENTS = """
query ($realm: String!) {
  eventsConfig(realm: $realm) { eventsEnabled adminEventsEnabled eventsListeners }
  adminEvents(realm: $realm, first: 2, resourceTypes: ["USER"]) {
    pageInfo { hasNextPage }
    edges { node { operationType resourceType resourcePath authUserId } }
  }
  loginEvents(realm: $realm) { edges { node { type clientId details } } }
}
"""

EVENTS_CONFIG_UPDATE = """
mutation ($realm: String!) {
  eventsConfigUpdate(realm: $realm, input: {eventsEnabled: true}) { config { eventsEnabled } errors { code } }
}
"""


def test_events_through_graphql(admin: httpx.Client, anonymous: httpx.Client, realm: str) -> None:
    for name in ("ev1", "ev2", "ev3"):
        admin.post(
            f"/admin/realms/{realm}/users",
            json={"username": name, "credentials": [{"type": "password", "value": "pw"}], "enabled": True},
        )
    updated = gql(admin, EVENTS_CONFIG_UPDATE, realm=realm)["eventsConfigUpdate"]
    assert updated == {"config": {"eventsEnabled": True}, "errors": []}
    assert admin.get(f"/admin/realms/{realm}/events/config").json()["eventsEnabled"] is True
    anonymous.post(
        f"/realms/{realm}/protocol/openid-connect/token",
        data={"grant_type": "password", "client_id": "admin-cli", "username": "ev1", "password": "pw"},
    )
    data = gql(admin, EVENTS, realm=realm)
    assert data["eventsConfig"]["eventsListeners"] == ["jboss-logging"]
    assert data["adminEvents"]["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["operationType"] for e in data["adminEvents"]["edges"]] == ["CREATE", "CREATE"]
    assert [e["node"]["type"] for e in data["loginEvents"]["edges"]] == ["LOGIN"]
    cleared = gql(admin, "mutation ($r: String!) { adminEventsClear(realm: $r) { cleared } }", r=realm)
    assert cleared["adminEventsClear"]["cleared"] is True
    assert admin.get(f"/admin/realms/{realm}/admin-events").json() == []


def test_query_depth_is_limited(admin: httpx.Client) -> None:
    nested = "username"
    for _ in range(5):
        nested = f"realm {{ users {{ edges {{ node {{ {nested} }} }} }} }}"
    response = admin.post(
        "/graphql", json={"query": f'{{ users(realm: "master") {{ edges {{ node {{ {nested} }} }} }} }}'}
    )
    errors = response.json()["errors"]
    assert any("exceeds maximum operation depth" in e["message"] for e in errors), errors
