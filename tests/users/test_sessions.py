"""User sessions, logout, realm-level session deletion, logout-all, push-revocation, stats."""

from __future__ import annotations

import httpx
from keycloak import KeycloakAdmin

from tests.users.helpers import PASSWORD, limited_admin, login, make_user, username_of


def _sign_in(admin: httpx.Client, realm: str, base_url: str) -> tuple[str, str]:
    user_id = make_user(admin, realm)
    response = login(base_url, realm, username_of(admin, realm, user_id), PASSWORD)
    assert response.status_code == 200
    return user_id, response.json()["access_token"]


def _userinfo(base_url: str, realm: str, token: str) -> int:
    return httpx.get(
        f"{base_url}/realms/{realm}/protocol/openid-connect/userinfo",
        headers={"Authorization": f"Bearer {token}"},
    ).status_code


def test_user_sessions_and_logout(
    kc_admin: KeycloakAdmin, admin: httpx.Client, realm: str, base_url: str
) -> None:
    user_id, token = _sign_in(admin, realm, base_url)
    kc_admin.change_current_realm(realm)
    sessions = kc_admin.get_sessions(user_id)
    assert len(sessions) == 1
    s = sessions[0]
    assert s["userId"] == user_id and s["username"] == username_of(admin, realm, user_id)
    assert s["ipAddress"] == "127.0.0.1" and s["start"] > 0 and s["lastAccess"] >= s["start"]
    assert s["rememberMe"] is False and list(s["clients"].values()) == ["admin-cli"]
    assert _userinfo(base_url, realm, token) == 200

    kc_admin.user_logout(user_id)
    assert kc_admin.get_sessions(user_id) == []
    assert _userinfo(base_url, realm, token) == 401
    assert kc_admin.get_user(user_id)["notBefore"] > 0
    assert admin.post(f"/admin/realms/{realm}/users/nope/logout").status_code == 404
    assert admin.get(f"/admin/realms/{realm}/users/nope/sessions").status_code == 404


def test_delete_session(admin: httpx.Client, realm: str, base_url: str) -> None:
    user_id, token = _sign_in(admin, realm, base_url)
    session_id = admin.get(f"/admin/realms/{realm}/users/{user_id}/sessions").json()[0]["id"]
    assert admin.delete(f"/admin/realms/{realm}/sessions/{session_id}").status_code == 204
    assert _userinfo(base_url, realm, token) == 401
    again = admin.delete(f"/admin/realms/{realm}/sessions/{session_id}")
    assert again.status_code == 404 and again.json()["error"] == "Sesssion not found"
    events = admin.get(f"/admin/realms/{realm}/admin-events", params={"resourceTypes": "USER_SESSION"}).json()
    assert events[0]["operationType"] == "DELETE" and events[0]["resourcePath"] == f"sessions/{session_id}"


def test_offline_sessions_need_a_known_client(admin: httpx.Client, realm: str, base_url: str) -> None:
    user_id, _ = _sign_in(admin, realm, base_url)
    client_uuid = admin.get(f"/admin/realms/{realm}/clients", params={"clientId": "admin-cli"}).json()[0][
        "id"
    ]
    response = admin.get(f"/admin/realms/{realm}/users/{user_id}/offline-sessions/{client_uuid}")
    assert response.status_code == 200 and response.json() == []
    assert admin.get(f"/admin/realms/{realm}/users/{user_id}/offline-sessions/nope").status_code == 404


def test_logout_all_push_revocation_and_stats(
    kc_admin: KeycloakAdmin, admin: httpx.Client, realm: str, base_url: str
) -> None:
    first, token1 = _sign_in(admin, realm, base_url)
    second, token2 = _sign_in(admin, realm, base_url)
    stats = admin.get(f"/admin/realms/{realm}/client-session-stats").json()
    assert [(s["clientId"], s["active"], s["offline"]) for s in stats] == [("admin-cli", "2", "0")]
    kc_admin.change_current_realm(realm)
    assert kc_admin.get_client_sessions_stats() == stats

    result = admin.post(f"/admin/realms/{realm}/logout-all")
    assert result.status_code == 200 and result.json() == {"successRequests": [], "failedRequests": []}
    assert _userinfo(base_url, realm, token1) == 401 and _userinfo(base_url, realm, token2) == 401
    assert admin.get(f"/admin/realms/{realm}/users/{first}/sessions").json() == []
    assert admin.get(f"/admin/realms/{realm}").json()["notBefore"] > 0
    assert admin.get(f"/admin/realms/{realm}/client-session-stats").json() == []

    push = admin.post(f"/admin/realms/{realm}/push-revocation")
    assert push.status_code == 200 and push.json() == {"successRequests": [], "failedRequests": []}
    assert admin.post("/admin/realms/no-such-realm/logout-all").status_code == 404
    assert second


def test_session_rights(server, admin: httpx.Client, realm: str, base_url: str) -> None:  # type: ignore[no-untyped-def]
    user_id, _ = _sign_in(admin, realm, base_url)
    with limited_admin(server, admin, realm, "view-users") as viewer:
        sessions = viewer.get(f"/admin/realms/{realm}/users/{user_id}/sessions")
        assert sessions.status_code == 200 and len(sessions.json()) == 1
        assert viewer.post(f"/admin/realms/{realm}/users/{user_id}/logout").status_code == 403
        assert viewer.delete(f"/admin/realms/{realm}/sessions/{sessions.json()[0]['id']}").status_code == 403
        assert viewer.post(f"/admin/realms/{realm}/logout-all").status_code == 403
        assert viewer.post(f"/admin/realms/{realm}/push-revocation").status_code == 403
