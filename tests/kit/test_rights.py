"""The rights kit's rules for roles, admin-role grants and realm deletion, on plain actors."""

from __future__ import annotations

import pytest

from core.errors import Forbidden, Unauthenticated
from resolvers.kit import rights
from resolvers.kit.actor import SYSTEM, Actor


def _admin_of(realm: str, *roles: str) -> Actor:
    """A user of ``realm`` holding admin roles of that realm (in master, of master-realm)."""
    client = rights.admin_client(realm, realm)
    assert client is not None
    return Actor(realm_id=realm, realm_name=realm, client_roles={client: frozenset(roles)})


def _master_user(**held: tuple[str, ...]) -> Actor:
    """A master user holding, for each realm named, those roles of its ``<realm>-realm`` client."""
    roles = {rights.master_admin_client(realm): frozenset(names) for realm, names in held.items()}
    return Actor(realm_id="master", realm_name="master", client_roles=roles)


def _confer(actor: Actor, realm: str, roles: list[str]) -> None:
    rights.require_may_confer(actor, [rights.AdminRole(realm, name) for name in roles])


MASTER_ADMIN = Actor(realm_id="master", realm_name="master", realm_roles=frozenset({"admin"}))


def test_role_right_follows_the_container() -> None:
    assert rights.role_right(False, manage=False) == "view-realm"
    assert rights.role_right(False, manage=True) == "manage-realm"
    assert rights.role_right(True, manage=False) == "view-clients"
    assert rights.role_right(True, manage=True) == "manage-clients"


def test_admin_roles_are_conferred_only_by_their_holders() -> None:
    _confer(MASTER_ADMIN, "demo", ["manage-users", "realm-admin"])
    _confer(SYSTEM, "demo", ["manage-users"])
    _confer(_admin_of("demo", "realm-admin"), "demo", ["manage-clients"])
    _confer(_admin_of("demo", "manage-users", "view-users"), "demo", ["view-users"])
    # Managing implies viewing, as in Keycloak's checkAdminRoles.
    _confer(_admin_of("demo", "manage-users"), "demo", ["view-users", "query-groups"])
    _confer(_admin_of("demo"), "demo", [])
    with pytest.raises(Forbidden, match="without holding it"):
        _confer(_admin_of("demo", "manage-users"), "demo", ["manage-clients"])
    with pytest.raises(Forbidden, match=r"Cannot map the admin role view-users$"):
        _confer(_admin_of("other", "realm-admin"), "demo", ["view-users"])
    # The refusal names the widest role missing.
    with pytest.raises(Forbidden, match="role realm-admin without"):
        _confer(_admin_of("demo", "manage-users"), "demo", ["view-users", "realm-admin"])


def test_master_admin_roles_are_conferred_only_by_their_holders() -> None:
    master_realm_admin = _admin_of("master", *rights.REALM_ADMIN_ROLES)
    _confer(master_realm_admin, "master", ["manage-users"])
    with pytest.raises(Forbidden, match="role admin without"):
        _confer(master_realm_admin, "master", ["admin"])
    creator = Actor(realm_id="master", realm_name="master", realm_roles=frozenset({"create-realm"}))
    _confer(creator, "master", ["create-realm"])
    with pytest.raises(Forbidden):
        _confer(creator, "fresh", ["create-realm"])


def test_realm_deletion_needs_manage_realm_and_master_its_super_admin() -> None:
    manager = _admin_of("demo", "manage-realm")
    assert rights.require_delete_realm(manager, "demo") is manager
    with pytest.raises(Forbidden):
        rights.require_delete_realm(_admin_of("demo", "view-realm"), "demo")
    with pytest.raises(Forbidden):
        rights.require_delete_realm(_admin_of("master", *rights.REALM_ADMIN_ROLES), "master")
    assert rights.require_delete_realm(MASTER_ADMIN, "master") is MASTER_ADMIN
    with pytest.raises(Unauthenticated):
        rights.require_delete_realm(None, "demo")


def test_rights_in_a_realm_come_from_its_admin_client_in_master_or_its_own_realm_management() -> None:
    assert rights.admin_client("master", "demo") == "demo-realm"
    assert rights.admin_client("master", "master") == "master-realm"
    assert rights.admin_client("demo", "demo") == "realm-management"
    assert rights.admin_client("demo", "other") is None
    assert rights.administered_realm("master", "a-realm-realm") == "a-realm"
    assert rights.administered_realm("master", "realm-management") is None
    assert rights.administered_realm("demo", "other-realm") is None
    demo_manager = _master_user(demo=("manage-users",))
    assert rights.can(demo_manager, "demo", "manage-users")
    assert rights.can(demo_manager, "demo", "view-users")
    assert not rights.can(demo_manager, "demo", "manage-clients")
    assert not rights.can(demo_manager, "other", "view-users")
    assert not rights.can(demo_manager, "master", "view-users")
    assert rights.can_any(demo_manager, "demo") and not rights.can_any(demo_manager, "master")
    assert rights.holds_admin_right(demo_manager)
    assert rights.access_of(demo_manager, "demo", "user")["manage"]
    assert not rights.access_of(demo_manager, "other", "user")["view"]
    # A demo token's realm-management roles reach no other realm, whatever a master client is called.
    assert not rights.can(_admin_of("demo", "realm-admin"), "other", "view-users")
    lookalike = Actor(
        realm_id="demo", realm_name="demo", client_roles={"other-realm": frozenset({"realm-admin"})}
    )
    assert not rights.holds_admin_right(lookalike) and not rights.can(lookalike, "other", "view-users")


def test_a_master_user_confers_only_the_admin_roles_it_holds_in_that_realm() -> None:
    demo_manager = _master_user(demo=("manage-users",))
    _confer(demo_manager, "demo", ["manage-users", "view-users"])
    with pytest.raises(Forbidden, match="Cannot map the admin role manage-clients of realm demo without"):
        _confer(demo_manager, "demo", ["manage-clients"])
    with pytest.raises(Forbidden, match="realm-admin of realm demo without"):
        _confer(demo_manager, "demo", ["realm-admin", "view-users"])
    with pytest.raises(Forbidden, match="manage-users of realm other without"):
        _confer(demo_manager, "other", ["manage-users"])
    with pytest.raises(Forbidden, match="role admin without"):
        _confer(demo_manager, "master", ["admin"])
    assert rights.admin_role_of("master", "demo-realm", "manage-users") == ("demo", "manage-users")
    assert rights.admin_role_of("master", None, "admin") == ("master", "admin")
    assert rights.admin_role_of("demo", None, "admin") is None
    assert rights.is_admin_role("master", "x-realm", "anything")
