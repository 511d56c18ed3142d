"""Master as Keycloak models it: a ``<realm>-realm`` client in master per realm, holding that realm's admin
roles, master's ``admin`` composite of them, kept in step with realm creation, renaming and deletion; a
master user holding one of them has that right in that realm only."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakDeleteError, KeycloakPostError

from resolvers.kit.rights import REALM_ADMIN_ROLES
from tests.support import unique

PASSWORD = "delegated-password"


def _master_clients(admin: httpx.Client) -> dict[str, dict[str, object]]:
    return {str(c["clientId"]): c for c in admin.get("/admin/realms/master/clients").json()}


def _admin_composites(admin: httpx.Client) -> set[tuple[str | None, str]]:
    """Master admin's composites, as (clientId or None, role name)."""
    clients = {str(c["id"]): str(c["clientId"]) for c in _master_clients(admin).values()}
    found = admin.get("/admin/realms/master/roles/admin/composites").json()
    return {(clients.get(r["containerId"]) if r["clientRole"] else None, r["name"]) for r in found}


def test_master_lists_an_admin_client_per_realm(
    kc_admin: KeycloakAdmin, admin: httpx.Client, realm: str
) -> None:
    clients = {c["clientId"]: c for c in kc_admin.get_clients()}
    assert "realm-management" not in clients, "master's admin roles are in master-realm, as in Keycloak"
    for name in ("master", realm):
        client = clients[f"{name}-realm"]
        assert client["name"] == f"{name} Realm" and client["bearerOnly"] is True
        roles = {r["name"] for r in kc_admin.get_client_roles(client["id"])}
        assert roles == set(REALM_ADMIN_ROLES), "Keycloak's ALL_REALM_ROLES and impersonation, no realm-admin"
        view_users = kc_admin.get_client_role(client["id"], "view-users")
        assert view_users["composite"] is True
    composites = _admin_composites(admin)
    assert (None, "create-realm") in composites
    assert {(f"{realm}-realm", r) for r in REALM_ADMIN_ROLES} <= composites
    kc_admin.change_current_realm(realm)
    own = {c["clientId"]: c for c in kc_admin.get_clients()}
    assert "realm-management" in own and f"{realm}-realm" not in own
    realm_admin = kc_admin.get_client_role(own["realm-management"]["id"], "realm-admin")
    assert realm_admin["composite"] is True


def test_the_admin_client_follows_its_realm_renamed_and_deleted(admin: httpx.Client) -> None:
    old, new = unique("before"), unique("after")
    assert admin.post("/admin/realms", json={"realm": old, "enabled": True}).status_code == 201
    made = _master_clients(admin)[f"{old}-realm"]
    assert admin.put(f"/admin/realms/{old}", json={"realm": new}).status_code == 204
    clients = _master_clients(admin)
    assert f"{old}-realm" not in clients
    assert clients[f"{new}-realm"]["id"] == made["id"], "renamed, not replaced: every mapping to it stays"
    assert admin.delete(f"/admin/realms/{new}").status_code == 204
    assert f"{new}-realm" not in _master_clients(admin)
    assert not {c for c, _ in _admin_composites(admin) if c in (f"{old}-realm", f"{new}-realm")}


def test_an_admin_client_is_neither_deleted_nor_renamed_nor_squatted(admin: httpx.Client, realm: str) -> None:
    client = _master_clients(admin)[f"{realm}-realm"]
    url = f"/admin/realms/master/clients/{client['id']}"
    assert admin.delete(url).status_code == 400
    assert admin.put(url, json={**client, "clientId": unique("moved")}).status_code == 400
    # A client named after a realm to come would hand its roles that realm's rights: the realm is refused.
    future = unique("future")
    squat = admin.post("/admin/realms/master/clients", json={"clientId": f"{future}-realm"})
    assert squat.status_code == 201, squat.text
    try:
        assert admin.post("/admin/realms", json={"realm": future}).status_code == 409
        assert admin.put(f"/admin/realms/{realm}", json={"realm": future}).status_code == 409
        assert admin.get(f"/admin/realms/{future}").status_code == 404
    finally:
        admin.delete(f"/admin/realms/master/clients/{squat.headers['Location'].rsplit('/', 1)[1]}")


@pytest.fixture
def other_realm(admin: httpx.Client) -> Iterator[str]:
    name = unique("other")
    assert admin.post("/admin/realms", json={"realm": name, "enabled": True}).status_code == 201
    yield name
    admin.delete(f"/admin/realms/{name}")


def _master_user(
    kc_admin: KeycloakAdmin, client_id: str, *roles: str, realm_roles: tuple[str, ...] = ()
) -> str:
    """A master user holding only ``roles`` of master's client ``client_id`` (and ``realm_roles``)."""
    username = unique("delegate")
    user_id = kc_admin.create_user(
        {"username": username, "enabled": True, "credentials": [{"type": "password", "value": PASSWORD}]}
    )
    if roles:
        uuid = kc_admin.get_client_id(client_id)
        assert uuid is not None
        kc_admin.assign_client_role(user_id, uuid, [kc_admin.get_client_role(uuid, r) for r in roles])
    if realm_roles:
        kc_admin.assign_realm_roles(user_id, [kc_admin.get_realm_role(r) for r in realm_roles])
    return username


def _as(base_url: str, username: str, realm: str) -> KeycloakAdmin:
    return KeycloakAdmin(
        server_url=base_url, username=username, password=PASSWORD, realm_name=realm, user_realm_name="master"
    )


def test_a_master_user_holding_one_realms_manage_users_manages_users_there_only(
    kc_admin: KeycloakAdmin, base_url: str, realm: str, other_realm: str
) -> None:
    delegate = _master_user(kc_admin, f"{realm}-realm", "manage-users")
    demo = _as(base_url, delegate, realm)
    made = demo.create_user({"username": unique("made"), "enabled": True})
    assert demo.get_user(made)["id"] == made
    assert made in {u["id"] for u in demo.get_users()}
    assert {r["realm"] for r in demo.get_realms()} == {realm}
    for elsewhere in (other_realm, "master"):
        with pytest.raises(KeycloakPostError) as refused:
            _as(base_url, delegate, elsewhere).create_user({"username": unique("nope"), "enabled": True})
        assert refused.value.response_code == 403
    with pytest.raises(KeycloakPostError) as refused:
        demo.create_client({"clientId": unique("app")})
    assert refused.value.response_code == 403
    with pytest.raises(KeycloakDeleteError) as deleting:
        demo.delete_realm(realm)
    assert deleting.value.response_code == 403


def test_a_master_user_confers_in_a_realm_only_the_admin_roles_it_holds_there(
    kc_admin: KeycloakAdmin, base_url: str, realm: str
) -> None:
    delegate = _master_user(kc_admin, f"{realm}-realm", "manage-users")
    demo = _as(base_url, delegate, realm)
    user_id = demo.create_user({"username": unique("helper"), "enabled": True})
    kc_admin.change_current_realm(realm)
    management = kc_admin.get_client_id("realm-management")  # the delegate may not read clients
    assert management is not None
    demo.assign_client_role(user_id, management, [kc_admin.get_client_role(management, "view-users")])
    for wider in ("manage-clients", "realm-admin"):
        with pytest.raises(KeycloakPostError) as refused:
            demo.assign_client_role(user_id, management, [kc_admin.get_client_role(management, wider)])
        assert refused.value.response_code == 403
        assert f"admin role {wider} of realm {realm} without holding it" in str(refused.value.response_body)


def test_a_realm_creator_gets_the_new_realms_admin_roles(kc_admin: KeycloakAdmin, base_url: str) -> None:
    creator = _master_user(kc_admin, "master-realm", realm_roles=("create-realm",))
    name = unique("created")
    _as(base_url, creator, "master").create_realm({"realm": name, "enabled": True})
    try:
        fresh = _as(base_url, creator, name)
        assert fresh.get_realm(name)["realm"] == name
        assert fresh.create_user({"username": unique("first"), "enabled": True})
    finally:
        kc_admin.delete_realm(name)
