"""Admin events, login events and the events configuration."""

from __future__ import annotations

import json

import httpx


def test_writes_record_admin_events_with_filters(admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}"
    assert admin.put(f"{base}/events/config", json={"adminEventsDetailsEnabled": True}).status_code == 204
    created = admin.post(f"{base}/users", json={"username": "evt"})
    user_id = created.headers["Location"].rsplit("/", 1)[1]
    admin.put(f"{base}/users/{user_id}", json={"firstName": "E"})
    admin.delete(f"{base}/users/{user_id}")
    events = admin.get(f"{base}/admin-events", params={"resourceTypes": "USER"}).json()
    assert [e["operationType"] for e in events] == ["DELETE", "UPDATE", "CREATE"]
    assert all(e["resourcePath"] == f"users/{user_id}" and e["realmId"] for e in events)
    assert events[0]["authDetails"]["userId"] and events[0]["authDetails"]["ipAddress"] == "127.0.0.1"
    assert json.loads(events[2]["representation"])["username"] == "evt"
    only_create = admin.get(
        f"{base}/admin-events", params={"operationTypes": "CREATE", "resourcePath": "users/*"}
    )
    assert [e["operationType"] for e in only_create.json()] == ["CREATE"]
    assert admin.get(f"{base}/admin-events", params={"max": 1}).json()[0]["operationType"] == "DELETE"
    assert admin.get(f"{base}/admin-events", params={"dateFrom": "yesterday"}).status_code == 400
    assert admin.delete(f"{base}/admin-events").status_code == 204
    assert admin.get(f"{base}/admin-events").json() == []


def test_login_events_follow_the_realm_config(
    admin: httpx.Client, anonymous: httpx.Client, realm: str
) -> None:
    base = f"/admin/realms/{realm}"
    admin.post(
        f"{base}/users",
        json={"username": "ev", "enabled": True, "credentials": [{"type": "password", "value": "pw"}]},
    )
    token_url = f"/realms/{realm}/protocol/openid-connect/token"
    anonymous.post(
        token_url,
        data={"grant_type": "password", "client_id": "admin-cli", "username": "ev", "password": "pw"},
    )
    assert admin.get(f"{base}/events").json() == [], "events are off by default"
    config = admin.get(f"{base}/events/config").json()
    assert config["eventsEnabled"] is False and config["eventsListeners"] == ["jboss-logging"]
    assert admin.put(f"{base}/events/config", json={"eventsEnabled": True}).status_code == 204
    anonymous.post(
        token_url,
        data={"grant_type": "password", "client_id": "admin-cli", "username": "ev", "password": "pw"},
    )
    anonymous.post(
        token_url,
        data={"grant_type": "password", "client_id": "admin-cli", "username": "ev", "password": "bad"},
    )
    events = admin.get(f"{base}/events").json()
    assert [e["type"] for e in events] == ["LOGIN_ERROR", "LOGIN"]
    assert events[1]["clientId"] == "admin-cli" and events[1]["details"]["username"] == "ev"
    assert [e["type"] for e in admin.get(f"{base}/events", params={"type": "LOGIN"}).json()] == ["LOGIN"]
    assert admin.put(f"{base}/events/config", json={"bogus": 1}).status_code == 400
    assert admin.delete(f"{base}/events").status_code == 204
    assert admin.get(f"{base}/events").json() == []


def test_events_settings_keep_their_types(admin: httpx.Client, realm: str) -> None:
    """Values the events configuration reads are checked on every door that writes them, so a realm
    never holds an expiration the event listing cannot use."""
    base = f"/admin/realms/{realm}"
    for body in ({"eventsExpiration": "soon"}, {"eventsListeners": "jboss-logging"}, {"eventsEnabled": 1}):
        for path in ("/events/config", ""):
            response = admin.put(base + path, json=body)
            assert response.status_code == 400, (path, body, response.text)
            assert response.json()["field"] == next(iter(body))
    assert admin.put(f"{base}/events/config", json={"eventsExpiration": 3600}).status_code == 204
    assert admin.get(f"{base}/events/config").json()["eventsExpiration"] == 3600
    assert admin.put(f"{base}/events/config", json={"eventsExpiration": None}).status_code == 204
    assert "eventsExpiration" not in admin.get(f"{base}/events/config").json()
    assert admin.get(f"{base}/events").status_code == 200
