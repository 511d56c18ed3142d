"""The rights kit's rules for roles, admin-role grants and realm deletion, on plain actors."""

from __future__ import annotations

import pytest

from core.errors import Forbidden, Unauthenticated
from resolvers.kit import rights
from resolvers.kit.actor import SYSTEM, Actor


def _admin_of(realm: str, *roles: str) -> Actor:
    return Actor(realm_id=realm, realm_name=realm, client_roles={rights.MANAGEMENT_CLIENT: frozenset(roles)})


MASTER_ADMIN = Actor(realm_id="master", realm_name="master", realm_roles=frozenset({"admin"}))


def test_role_right_follows_the_container() -> None:
    assert rights.role_right(False, manage=False) == "view-realm"
    assert rights.role_right(False, manage=True) == "manage-realm"
    assert rights.role_right(True, manage=False) == "view-clients"
    assert rights.role_right(True, manage=True) == "manage-clients"


def test_admin_roles_are_conferred_only_by_their_holders() -> None:
    rights.require_may_confer(MASTER_ADMIN, "demo", ["manage-users", "realm-admin"])
    rights.require_may_confer(SYSTEM, "demo", ["manage-users"])
    rights.require_may_confer(_admin_of("demo", "realm-admin"), "demo", ["manage-clients"])
    rights.require_may_confer(_admin_of("demo", "manage-users", "view-users"), "demo", ["view-users"])
    # Managing implies viewing, as in Keycloak's checkAdminRoles.
    rights.require_may_confer(_admin_of("demo", "manage-users"), "demo", ["view-users", "query-groups"])
    rights.require_may_confer(_admin_of("demo"), "demo", [])
    with pytest.raises(Forbidden, match="without holding it"):
        rights.require_may_confer(_admin_of("demo", "manage-users"), "demo", ["manage-clients"])
    with pytest.raises(Forbidden, match=r"Cannot map the admin role view-users$"):
        rights.require_may_confer(_admin_of("other", "realm-admin"), "demo", ["view-users"])
    # The refusal names the widest role missing.
    with pytest.raises(Forbidden, match="role realm-admin without"):
        rights.require_may_confer(_admin_of("demo", "manage-users"), "demo", ["view-users", "realm-admin"])


def test_master_admin_roles_are_conferred_only_by_their_holders() -> None:
    master_realm_admin = _admin_of("master", "realm-admin")
    rights.require_may_confer(master_realm_admin, "master", ["manage-users"])
    with pytest.raises(Forbidden, match="role admin without"):
        rights.require_may_confer(master_realm_admin, "master", ["admin"])
    creator = Actor(realm_id="master", realm_name="master", realm_roles=frozenset({"create-realm"}))
    rights.require_may_confer(creator, "master", ["create-realm"])
    with pytest.raises(Forbidden):
        rights.require_may_confer(creator, "fresh", ["create-realm"])


def test_realm_deletion_needs_manage_realm_and_master_its_super_admin() -> None:
    manager = _admin_of("demo", "manage-realm")
    assert rights.require_delete_realm(manager, "demo") is manager
    with pytest.raises(Forbidden):
        rights.require_delete_realm(_admin_of("demo", "view-realm"), "demo")
    with pytest.raises(Forbidden):
        rights.require_delete_realm(_admin_of("master", "realm-admin"), "master")
    assert rights.require_delete_realm(MASTER_ADMIN, "master") is MASTER_ADMIN
    with pytest.raises(Unauthenticated):
        rights.require_delete_realm(None, "demo")
