"""``/users-management-permissions`` and ``/credential-registrators``."""

from __future__ import annotations

from collections.abc import Callable

import httpx

KEY = "iamgraph.usersManagementPermissions"
SCOPES = {"view", "manage", "map-roles", "manage-group-membership", "impersonate", "user-impersonated"}


def test_users_permissions_switch(admin: httpx.Client, realm: str) -> None:
    url = f"/admin/realms/{realm}/users-management-permissions"
    assert admin.get(url).json() == {"enabled": False}
    on = admin.put(url, json={"enabled": True})
    assert on.status_code == 200
    ref = on.json()
    assert ref["enabled"] is True and set(ref["scopePermissions"]) == SCOPES and ref["resource"]
    assert admin.get(url).json() == ref
    # The switch is no realm setting anyone sees or writes.
    assert KEY not in admin.get(f"/admin/realms/{realm}").json()
    assert admin.put(f"/admin/realms/{realm}", json={KEY: False}).status_code == 204
    assert admin.get(url).json()["enabled"] is True
    assert admin.put(url, json={"enabled": False}).json() == {"enabled": False}
    assert admin.get(url).json() == {"enabled": False}
    assert admin.put(url, json={"enabled": "yes"}).status_code == 400
    assert admin.put(url, json=[]).status_code == 400
    assert admin.get("/admin/realms/no-such-realm/users-management-permissions").status_code == 404


def test_users_permissions_rights(caller_with: Callable[..., httpx.Client], realm: str) -> None:
    url = f"/admin/realms/{realm}/users-management-permissions"
    viewer = caller_with("view-realm")
    assert viewer.get(url).status_code == 200
    assert viewer.put(url, json={"enabled": True}).status_code == 403
    assert caller_with("view-users").get(url).status_code == 403


def test_credential_registrators(
    admin: httpx.Client, caller_with: Callable[..., httpx.Client], realm: str
) -> None:
    url = f"/admin/realms/{realm}/credential-registrators"
    found = admin.get(url).json()
    assert set(found) == {
        "CONFIGURE_TOTP",
        "UPDATE_PASSWORD",
        "webauthn-register",
        "webauthn-register-passwordless",
    }
    assert caller_with("view-realm").get(url).status_code == 200
    assert caller_with("view-users").get(url).status_code == 403
    assert admin.get("/admin/realms/no-such-realm/credential-registrators").status_code == 404
