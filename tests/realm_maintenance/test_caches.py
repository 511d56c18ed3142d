"""``clear-realm-cache``, ``clear-user-cache``, ``clear-keys-cache`` through python-keycloak: the caches
drop and reload (tokens keep working), each clear is an admin event, and manage-realm is needed."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from keycloak import KeycloakAdmin

from tests.support import ADMIN_PASSWORD, ADMIN_USERNAME, password_token


def test_clearing_caches(kc: KeycloakAdmin, admin: httpx.Client, base_url: str, realm: str) -> None:
    assert admin.put(f"/admin/realms/{realm}", json={"adminEventsEnabled": True}).status_code == 204
    assert kc.clear_realm_cache() == {}
    assert kc.clear_user_cache() == {}
    assert kc.clear_keys_cache() == {}
    events = admin.get(f"/admin/realms/{realm}/admin-events").json()
    paths = {(e["operationType"], e["resourceType"], e["resourcePath"]) for e in events}
    for name in ("realm", "user", "keys"):
        assert ("ACTION", "REALM", f"clear-{name}-cache") in paths
    # The realm's keys reload from the database: a new token is signed and verified as before.
    token = password_token(base_url, "master", ADMIN_USERNAME, ADMIN_PASSWORD)
    assert kc.clear_keys_cache() == {}
    answer = httpx.get(f"{base_url}/admin/realms/{realm}", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200


def test_clearing_needs_manage_realm(
    caller_with: Callable[..., httpx.Client], admin: httpx.Client, realm: str
) -> None:
    viewer = caller_with("view-realm")
    for name in ("realm", "user", "keys"):
        assert viewer.post(f"/admin/realms/{realm}/clear-{name}-cache").status_code == 403
    manager = caller_with("manage-realm")
    assert manager.post(f"/admin/realms/{realm}/clear-realm-cache").status_code == 204
    assert admin.post("/admin/realms/no-such-realm/clear-user-cache").status_code == 404
