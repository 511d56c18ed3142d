"""Master's ``<realm>-realm`` clients hold every realm's admin roles: a master user holding some of them
confers only those, in master as in the realm, by every path; the clients' roles are read-only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.security.admins import Setup, setup_of
from tests.support import unique


def _refused(response: httpx.Response, message: str) -> None:
    assert response.status_code == 403, response.text
    assert response.json().get("error_description", response.json().get("error")) == message


@pytest.fixture
def master(admin: httpx.Client, base_url: str) -> Iterator[Setup]:
    with setup_of(admin, base_url, "master") as made:
        yield made


def _client_uuid(admin: httpx.Client, client_id: str) -> str:
    return str(admin.get("/admin/realms/master/clients", params={"clientId": client_id}).json()[0]["id"])


def _role(admin: httpx.Client, client_id: str, name: str) -> dict[str, Any]:
    response = admin.get(f"/admin/realms/master/clients/{_client_uuid(admin, client_id)}/roles/{name}")
    assert response.status_code == 200, response.text
    return dict(response.json())


def _grant(admin: httpx.Client, user_id: str, client_id: str, *names: str) -> None:
    url = f"/admin/realms/master/users/{user_id}/role-mappings/clients/{_client_uuid(admin, client_id)}"
    assert admin.post(url, json=[_role(admin, client_id, n) for n in names]).status_code == 204


@pytest.fixture
def delegate(master: Setup, realm: str) -> Iterator[tuple[Setup, str, Any]]:
    """A master user who manages master's users and holds manage-users in ``realm``, through master."""
    caller = master.caller("manage-users")
    _grant(master.admin, caller.user_id, f"{realm}-realm", "manage-users")
    caller.http = master.login(caller.username)
    yield master, realm, caller
    master.admin.delete(f"/admin/realms/master/users/{caller.user_id}")


def test_a_master_user_hands_on_only_the_rights_it_holds_in_each_realm(
    delegate: tuple[Setup, str, Any], admin: httpx.Client
) -> None:
    master, realm, caller = delegate
    other = master.user()
    client = f"{realm}-realm"
    url = f"/admin/realms/master/users/{other}/role-mappings/clients/{_client_uuid(admin, client)}"
    try:
        granted = caller.http.post(url, json=[_role(admin, client, "view-users")])
        assert granted.status_code == 204, granted.text
        _refused(
            caller.http.post(url, json=[_role(admin, client, "manage-clients")]),
            f"Cannot map the admin role manage-clients of realm {realm} without holding it",
        )
        own = f"/admin/realms/master/users/{caller.user_id}/role-mappings"
        master_realm = _client_uuid(admin, "master-realm")
        _refused(
            caller.http.post(
                f"{own}/clients/{master_realm}", json=[_role(admin, "master-realm", "manage-realm")]
            ),
            "Cannot map the admin role manage-realm without holding it",
        )
        _refused(
            caller.http.post(f"{own}/realm", json=[master.realm_role("admin")]),
            "Cannot map the admin role admin without holding it",
        )
        # Taking rights away needs them as much as handing them out.
        _grant(admin, other, client, "manage-realm")
        _refused(
            caller.http.request("DELETE", url, json=[_role(admin, client, "manage-realm")]),
            f"Cannot map the admin role manage-realm of realm {realm} without holding it",
        )
    finally:
        admin.delete(f"/admin/realms/master/users/{other}")


def test_groups_and_composites_of_master_confer_the_realms_rights_they_contain(
    delegate: tuple[Setup, str, Any], admin: httpx.Client
) -> None:
    master, realm, caller = delegate
    manage_realm = _role(admin, f"{realm}-realm", "manage-realm")
    refused = f"Cannot map the admin role manage-realm of realm {realm} without holding it"
    group = master.group(unique("realm-ops"))
    mapped = admin.post(
        f"/admin/realms/master/groups/{group}/role-mappings/clients/{manage_realm['containerId']}",
        json=[manage_realm],
    )
    assert mapped.status_code == 204, mapped.text
    composite = master.realm_role(unique("ops"), contains=(manage_realm,))
    try:
        _refused(caller.http.put(f"/admin/realms/master/users/{caller.user_id}/groups/{group}"), refused)
        own = f"/admin/realms/master/users/{caller.user_id}/role-mappings/realm"
        _refused(caller.http.post(own, json=[composite]), refused)
        held = admin.get(
            f"/admin/realms/master/users/{caller.user_id}/role-mappings/clients/"
            f"{manage_realm['containerId']}/composite"
        )
        assert {r["name"] for r in held.json()} == {"manage-users"}
        # The realm itself stays out of reach.
        assert caller.http.put(f"/admin/realms/{realm}", json={"displayName": "taken"}).status_code == 403
    finally:
        admin.delete(f"/admin/realms/master/groups/{group}")
        admin.delete(f"/admin/realms/master/roles/{composite['name']}")


def test_the_admin_clients_roles_are_read_only_to_master_client_managers(master: Setup, realm: str) -> None:
    manager = master.caller("manage-clients")
    uuid = _client_uuid(master.admin, f"{realm}-realm")
    roles = f"/admin/realms/master/clients/{uuid}/roles"
    _refused(
        manager.http.post(roles, json={"name": "manage-everything"}),
        "The admin role manage-everything is read-only",
    )
    _refused(manager.http.delete(f"{roles}/manage-users"), "The admin role manage-users is read-only")
    _refused(
        manager.http.put(f"{roles}/view-users", json={"name": "parked"}),
        "The admin role view-users is read-only",
    )
    renamed = manager.http.put(f"/admin/realms/master/clients/{uuid}", json={"clientId": unique("moved")})
    assert renamed.status_code == 400, renamed.text
    assert manager.http.delete(f"/admin/realms/master/clients/{uuid}").status_code == 400
