"""Live admin and login events over a real WebSocket, against the real server: authentication in
connection_init, events of REST and GraphQL writes, rights, resuming with ``after``, the bound."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.subscriptions.client import ADMIN_EVENTS, LOGIN_EVENTS, session, ws_url
from tests.support import password_token, unique


@pytest.fixture
async def rest(base_url: str, admin_token: str) -> AsyncIterator[httpx.AsyncClient]:
    """The master admin over httpx's async client: the test's loop also reads the socket."""
    headers = {"Authorization": f"Bearer {admin_token}"}
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30) as client:
        yield client


async def _closed_with(base_url: str, first: Mapping[str, object]) -> int | None:
    async with connect(ws_url(base_url), subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        await socket.send(json.dumps(first))
        with pytest.raises(ConnectionClosed) as closed:
            await socket.recv()
        return closed.value.rcvd.code if closed.value.rcvd else None


async def test_refused_without_a_token_or_before_init(base_url: str) -> None:
    assert await _closed_with(base_url, {"type": "connection_init", "payload": {}}) == 4403
    bad = {"type": "connection_init", "payload": {"Authorization": "Bearer not-a-token"}}
    assert await _closed_with(base_url, bad) == 4403
    early = {"type": "subscribe", "id": "1", "payload": {"query": "subscription { x }"}}
    assert await _closed_with(base_url, early) == 4401


async def test_rest_and_graphql_writes_arrive(
    base_url: str, rest: httpx.AsyncClient, admin_token: str, realm: str
) -> None:
    async with session(base_url, admin_token) as ws:
        await ws.subscribe(ADMIN_EVENTS, realm=realm, resources=["USER", "GROUP"])
        await ws.nothing(0.5)  # the subscription is live before the writes
        created = await rest.post(f"/admin/realms/{realm}/users", json={"username": "alice", "enabled": True})
        assert created.status_code == 201, created.text
        user_id = created.headers["location"].rsplit("/", 1)[1]
        by_rest = await ws.event("adminEvents")
        assert (by_rest["operationType"], by_rest["resourceType"]) == ("CREATE", "USER")
        assert by_rest["resourcePath"] == f"users/{user_id}"
        mutation = (
            'mutation ($r: String!) { groupCreate(realm: $r, input: {name: "s"}) { errors { message } } }'
        )
        answer = await rest.post("/graphql", json={"query": mutation, "variables": {"r": realm}})
        assert answer.json() == {"data": {"groupCreate": {"errors": []}}}
        graph = await ws.event("adminEvents")
        assert (graph["operationType"], graph["resourceType"]) == ("CREATE", "GROUP")
        assert int(graph["eventId"]) > int(by_rest["eventId"])
        # A role write is another resource type: filtered out.
        assert (await rest.post(f"/admin/realms/{realm}/roles", json={"name": "r1"})).status_code == 201
        await ws.nothing()


async def test_login_events_arrive(
    base_url: str, rest: httpx.AsyncClient, admin_token: str, realm: str
) -> None:
    configured = await rest.put(f"/admin/realms/{realm}/events/config", json={"eventsEnabled": True})
    assert configured.status_code == 204
    user = {"username": "bob", "enabled": True, "credentials": [{"type": "password", "value": "pw-bob-1"}]}
    assert (await rest.post(f"/admin/realms/{realm}/users", json=user)).status_code == 201
    async with session(base_url, admin_token) as ws:
        await ws.subscribe(LOGIN_EVENTS, realm=realm, types=["LOGIN"])
        await ws.nothing(0.5)
        password_token(base_url, realm, "bob", "pw-bob-1")
        login = await ws.event("loginEvents")
        assert login["type"] == "LOGIN" and login["clientId"] == "admin-cli"


async def test_no_events_without_view_events(
    base_url: str, rest: httpx.AsyncClient, admin_token: str, realm: str
) -> None:
    """A caller who may view the realm's users but not its events is refused, and receives none."""
    user = {
        "username": "viewer",
        "enabled": True,
        "credentials": [{"type": "password", "value": "pw-view-1"}],
    }
    created = await rest.post(f"/admin/realms/{realm}/users", json=user)
    user_id = created.headers["location"].rsplit("/", 1)[1]
    clients = (
        await rest.get(f"/admin/realms/{realm}/clients", params={"clientId": "realm-management"})
    ).json()
    role = (await rest.get(f"/admin/realms/{realm}/clients/{clients[0]['id']}/roles/view-users")).json()
    mapped = await rest.post(
        f"/admin/realms/{realm}/users/{user_id}/role-mappings/clients/{clients[0]['id']}", json=[role]
    )
    assert mapped.status_code == 204, mapped.text
    token = password_token(base_url, realm, "viewer", "pw-view-1")
    async with session(base_url, token) as ws:
        await ws.subscribe(ADMIN_EVENTS, realm=realm)
        refused = await ws.receive()
        assert refused["type"] in ("next", "error"), refused
        assert "view-events" in json.dumps(refused) or "forbidden" in json.dumps(refused).lower()
        assert (
            await rest.post(f"/admin/realms/{realm}/roles", json={"name": unique("r")})
        ).status_code == 201
        await ws.nothing()


async def test_resume_after_replays_what_was_missed(
    base_url: str, rest: httpx.AsyncClient, admin_token: str, realm: str
) -> None:
    async def role(name: str) -> None:
        assert (await rest.post(f"/admin/realms/{realm}/roles", json={"name": name})).status_code == 201

    async with session(base_url, admin_token) as ws:
        await ws.subscribe(ADMIN_EVENTS, realm=realm, resources=["REALM_ROLE"])
        await ws.nothing(0.5)
        await role("first")
        first = await ws.event("adminEvents")
    await role("second")  # written while nobody listens
    await role("third")
    async with session(base_url, admin_token) as ws:
        await ws.subscribe(ADMIN_EVENTS, realm=realm, resources=["REALM_ROLE"], after=first["eventId"])
        paths = [(await ws.event("adminEvents"))["resourcePath"] for _ in range(2)]
        assert paths == ["roles/second", "roles/third"]
        await role("fourth")  # then live
        assert (await ws.event("adminEvents"))["resourcePath"] == "roles/fourth"
        await ws.nothing(0.5)


async def test_operations_per_connection_are_bounded(base_url: str, admin_token: str, realm: str) -> None:
    async with session(base_url, admin_token) as ws:
        ids = [await ws.subscribe(ADMIN_EVENTS, realm=realm) for _ in range(16)]
        extra = await ws.subscribe(ADMIN_EVENTS, realm=realm)
        refused = await ws.receive()
        assert refused["type"] == "error" and refused["id"] == extra
        assert refused["payload"][0]["extensions"]["code"] == "TOO_MANY_OPERATIONS"
        await ws.send({"type": "complete", "id": ids[0]})
        await ws.nothing(0.3)
        await ws.subscribe("query { __typename }")  # room again: and the connection stayed open
        answer = await ws.receive()
        assert answer["type"] == "next" and answer["payload"]["data"] == {"__typename": "Query"}
        assert (await ws.receive())["type"] == "complete"


async def test_a_subscription_over_http_is_a_request_error(rest: httpx.AsyncClient, realm: str) -> None:
    body = {
        "query": "subscription ($r: String!) { adminEvents(realm: $r) { eventId } }",
        "variables": {"r": realm},
    }
    answer = await rest.post("/graphql", json=body, headers={"Accept": "application/graphql-response+json"})
    assert answer.status_code == 400
    assert "WebSocket" in answer.json()["errors"][0]["message"] and "data" not in answer.json()


async def test_after_must_be_an_event_id(base_url: str, admin_token: str, realm: str) -> None:
    async with session(base_url, admin_token) as ws:
        await ws.subscribe(ADMIN_EVENTS, realm=realm, after="yesterday")
        refused = await ws.receive()
        assert "eventId" in json.dumps(refused), refused
