"""Escalation without a Keycloak role mapping: changing the admin roles themselves (Keycloak's rename
and delete pattern, where realm-management is read-only), taking a more privileged user's place
(impersonating it, setting its password, linking an identity to it: Keycloak's impersonation CVE
pattern), and lowball's doors onto the master realm's roles and users."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.security.admins import Setup, setup_of
from tests.support import unique


@pytest.fixture
def scene(admin: httpx.Client, base_url: str, realm: str) -> Iterator[Setup]:
    with setup_of(admin, base_url, realm) as made:
        yield made


@pytest.fixture
def master(admin: httpx.Client, base_url: str) -> Iterator[Setup]:
    with setup_of(admin, base_url, "master") as made:
        yield made


def _refused(response: httpx.Response, message: str) -> None:
    assert response.status_code == 403, response.text
    assert response.json()["error_description"] == message


def test_the_admin_roles_are_read_only(scene: Setup) -> None:
    """A client manager may manage client roles, but not those of realm-management: renamed or deleted,
    a role another role is then renamed to would carry realm-admin's name, and its rights."""
    manager = scene.caller("manage-clients", "manage-realm")
    roles = f"{scene.base}/clients/{scene.management()}/roles"
    read_only = "The admin role realm-admin is read-only"
    _refused(manager.http.delete(f"{roles}/realm-admin"), read_only)
    _refused(manager.http.put(f"{roles}/realm-admin", json={"name": "parked"}), read_only)
    by_id = scene.admin_role("realm-admin")["id"]
    _refused(manager.http.put(f"{scene.base}/roles-by-id/{by_id}", json={"name": "parked"}), read_only)
    _refused(manager.http.delete(f"{scene.base}/roles-by-id/{by_id}"), read_only)
    _refused(
        manager.http.put(f"{roles}/manage-clients", json={"name": "realm-admin"}),
        "The admin role manage-clients is read-only",
    )
    _refused(
        manager.http.post(f"{roles}/view-users/composites", json=[scene.admin_role("manage-clients")]),
        "The admin role view-users is read-only",
    )
    _refused(manager.http.post(roles, json={"name": "extra"}), "The admin role extra is read-only")
    assert scene.admin_role("realm-admin")["name"] == "realm-admin"
    # Other clients' roles stay the client manager's to manage.
    app = scene.admin.post(f"{scene.base}/clients", json={"clientId": unique("app")})
    app_id = app.headers["Location"].rsplit("/", 1)[1]
    assert (
        manager.http.post(f"{scene.base}/clients/{app_id}/roles", json={"name": "reader"}).status_code == 201
    )
    renamed = manager.http.put(f"{scene.base}/clients/{app_id}/roles/reader", json={"name": "writer"})
    assert renamed.status_code == 204


def test_master_admin_roles_are_read_only(admin: httpx.Client, base_url: str) -> None:
    with setup_of(admin, base_url, "master") as master:
        manager = master.caller("manage-realm")
        try:
            _refused(
                manager.http.put(f"{master.base}/roles/create-realm", json={"name": "parked"}),
                "The admin role create-realm is read-only",
            )
            _refused(manager.http.delete(f"{master.base}/roles/admin"), "The admin role admin is read-only")
            assert admin.get(f"{master.base}/roles/admin").status_code == 200
        finally:
            admin.delete(f"{master.base}/users/{manager.user_id}")


def test_a_user_manager_may_not_take_a_more_privileged_users_place(scene: Setup) -> None:
    boss = scene.caller("realm-admin")
    manager = scene.caller("manage-users", "impersonation")
    refused = "Cannot manage a holder of the admin role realm-admin without holding it"
    base = f"{scene.base}/users/{boss.user_id}"
    _refused(
        manager.http.put(f"{base}/reset-password", json={"value": "taken-over", "temporary": False}), refused
    )
    _refused(manager.http.put(base, json={"email": "attacker@example.org"}), refused)
    _refused(manager.http.put(f"{base}/execute-actions-email", json=["UPDATE_PASSWORD"]), refused)
    _refused(
        manager.http.post(f"{base}/federated-identity/github", json={"userId": "1", "userName": "attacker"}),
        refused,
    )
    _refused(
        manager.http.post(f"{base}/impersonation"),
        "Cannot impersonate a holder of the admin role realm-admin without holding it",
    )
    # Through a group the same: the admin rights a user holds are its effective ones.
    admins = scene.group(unique("admins"), scene.admin_role("realm-admin"))
    member = scene.user()
    scene.join(member, admins)
    _refused(
        manager.http.put(f"{scene.base}/users/{member}/reset-password", json={"value": "x-taken-over"}),
        refused,
    )
    # Users holding no more than the caller stay in reach, the caller itself included.
    plain = scene.user()
    reset = manager.http.put(f"{scene.base}/users/{plain}/reset-password", json={"value": "a-new-one"})
    assert reset.status_code == 204, reset.text
    peer = scene.caller("manage-users")
    assert (
        manager.http.put(f"{scene.base}/users/{peer.user_id}", json={"firstName": "Peer"}).status_code == 204
    )
    assert (
        manager.http.put(f"{scene.base}/users/{manager.user_id}", json={"firstName": "Me"}).status_code == 204
    )
    # A realm admin reaches everyone in its realm.
    assert boss.http.put(f"{scene.base}/users/{member}", json={"firstName": "Member"}).status_code == 204


def test_a_master_user_manager_may_not_make_a_lowball_admin_client(master: Setup) -> None:
    """lowball serves the master realm and counts manage-users there as its admin right; its roles are
    master's realm roles, so its ``admin`` role is the super admin's."""
    manager = master.caller("manage-users")
    client_id = unique("lbc")
    try:
        made = manager.http.post(
            "/builtins/auth/clients/create",
            json={"client_id": client_id, "client_secret": "a-secret", "roles": ["admin"]},
        )
        # lowball answers a refusal in its own shape: 401, "inadequate roles".
        assert made.status_code == 401 and "Inadequate Roles" in made.text, made.text
        plain = manager.http.post(
            "/builtins/auth/clients/create",
            json={"client_id": client_id, "client_secret": "a-secret", "roles": ["reader"]},
        )
        assert plain.status_code == 201, plain.text
        for change in (
            manager.http.post(f"/builtins/auth/clients/{client_id}/roles/create-realm"),
            manager.http.post(f"/builtins/auth/clients/{client_id}", json={"roles": ["reader", "admin"]}),
        ):
            assert change.status_code == 401 and "Inadequate Roles" in change.text, change.text
        found = master.admin.get(f"{master.base}/users", params={"username": client_id, "exact": "true"})
        held = master.admin.get(f"{master.base}/users/{found.json()[0]['id']}/role-mappings/realm/composite")
        assert not {"admin", "create-realm"} & {r["name"] for r in held.json()}
    finally:
        master.admin.delete(f"{master.base}/users/{manager.user_id}")
        found = master.admin.get(f"{master.base}/users", params={"username": client_id, "exact": "true"})
        for user in found.json():
            master.admin.delete(f"{master.base}/users/{user['id']}")


def test_a_lowball_admin_may_not_take_the_super_admins_secret(admin: httpx.Client, base_url: str) -> None:
    """lowball's clients are master's users, the master admin among them: a new secret is its password."""
    with setup_of(admin, base_url, "master") as master:
        manager = master.caller("manage-users")
        try:
            changed = manager.http.post("/builtins/auth/clients/admin", json={"client_secret": "taken-over"})
            assert changed.status_code == 401 and "Inadequate Roles" in changed.text, changed.text
        finally:
            admin.delete(f"{master.base}/users/{manager.user_id}")


def test_ids_of_another_realm_are_not_found(scene: Setup, admin: httpx.Client) -> None:
    """Keycloak's cross-realm lookup pattern: an admin of one realm addressing another realm's objects
    by id through its own realm's path finds nothing."""
    boss = scene.caller("realm-admin")
    master_admin_id = admin.get("/admin/realms/master/users", params={"username": "admin", "exact": "true"})
    user_id = master_admin_id.json()[0]["id"]
    client_id = admin.get("/admin/realms/master/clients", params={"clientId": "admin-cli"}).json()[0]["id"]
    role_id = admin.get("/admin/realms/master/roles/admin").json()["id"]
    for path in (f"users/{user_id}", f"clients/{client_id}", f"roles-by-id/{role_id}"):
        assert boss.http.get(f"{scene.base}/{path}").status_code == 404, path
    grant = boss.http.post(f"{scene.base}/users/{boss.user_id}/role-mappings/realm", json=[{"id": role_id}])
    assert grant.status_code == 404, grant.text
    assert (
        boss.http.put(f"{scene.base}/users/{user_id}/reset-password", json={"value": "x"}).status_code == 404
    )
