"""Admin rights, in one place. Every resolver's first line calls one of these.

Rights follow Keycloak: the master realm's ``admin`` role is super-admin; within a realm, the
``realm-management`` client roles grant rights on that realm only. A token of realm A grants nothing in
realm B (except master's super-admin).
"""

from __future__ import annotations

from core.errors import Forbidden, Unauthenticated
from resolvers.actor import Actor

MASTER = "master"
MANAGEMENT_CLIENT = "realm-management"

# The realm-management client roles, as Keycloak seeds them, and their composites.
ADMIN_ROLES = (
    "realm-admin",
    "create-client",
    "impersonation",
    "manage-authorization",
    "manage-clients",
    "manage-events",
    "manage-identity-providers",
    "manage-realm",
    "manage-users",
    "query-clients",
    "query-groups",
    "query-realms",
    "query-users",
    "view-authorization",
    "view-clients",
    "view-events",
    "view-identity-providers",
    "view-realm",
    "view-users",
)
ADMIN_COMPOSITES = {
    "realm-admin": tuple(r for r in ADMIN_ROLES if r != "realm-admin"),
    "view-users": ("query-users", "query-groups"),
    "view-clients": ("query-clients",),
}

# A right is granted by any of these roles (besides realm-admin). Managing implies viewing, as in
# Keycloak's permission evaluators.
_GRANTED_BY: dict[str, frozenset[str]] = {
    "query-users": frozenset({"query-users", "view-users", "manage-users"}),
    "view-users": frozenset({"view-users", "manage-users"}),
    "manage-users": frozenset({"manage-users"}),
    "query-groups": frozenset({"query-groups", "view-users", "manage-users"}),
    "query-clients": frozenset({"query-clients", "view-clients", "manage-clients"}),
    "view-clients": frozenset({"view-clients", "manage-clients"}),
    "manage-clients": frozenset({"manage-clients"}),
    "create-client": frozenset({"create-client", "manage-clients"}),
    "view-realm": frozenset({"view-realm", "manage-realm"}),
    "manage-realm": frozenset({"manage-realm"}),
    "view-events": frozenset({"view-events", "manage-events"}),
    "manage-events": frozenset({"manage-events"}),
    "view-identity-providers": frozenset({"view-identity-providers", "manage-identity-providers"}),
    "manage-identity-providers": frozenset({"manage-identity-providers"}),
    "view-authorization": frozenset({"view-authorization", "manage-authorization"}),
    "manage-authorization": frozenset({"manage-authorization"}),
    "impersonation": frozenset({"impersonation"}),
}


def require_authenticated(actor: Actor | None) -> Actor:
    if actor is None:
        raise Unauthenticated("Bearer token required")
    return actor


def is_super_admin(actor: Actor) -> bool:
    return actor.system or (actor.realm_name == MASTER and "admin" in actor.realm_roles)


def can(actor: Actor, realm_name: str, right: str) -> bool:
    """Whether ``actor`` holds ``right`` (a realm-management role name) in realm ``realm_name``."""
    if is_super_admin(actor):
        return True
    if actor.realm_name != realm_name:
        return False
    held = actor.client_roles.get(MANAGEMENT_CLIENT, frozenset())
    return "realm-admin" in held or bool(held & _GRANTED_BY[right])


def can_any(actor: Actor, realm_name: str) -> bool:
    """Whether ``actor`` holds any admin right in the realm (enough to see that the realm exists)."""
    if is_super_admin(actor):
        return True
    return actor.realm_name == realm_name and bool(actor.client_roles.get(MANAGEMENT_CLIENT))


def require(actor: Actor | None, realm_name: str, right: str) -> Actor:
    actor = require_authenticated(actor)
    if not can(actor, realm_name, right):
        raise Forbidden(f"Missing the {right} right in realm {realm_name}")
    return actor


def require_any(actor: Actor | None, realm_name: str) -> Actor:
    actor = require_authenticated(actor)
    if not can_any(actor, realm_name):
        raise Forbidden(f"No admin rights in realm {realm_name}")
    return actor


def holds_admin_right(actor: Actor) -> bool:
    """Whether ``actor`` holds an admin right in at least one realm: super-admin, master's
    ``create-realm``, or any ``realm-management`` role of its own realm."""
    if is_super_admin(actor) or (actor.realm_name == MASTER and "create-realm" in actor.realm_roles):
        return True
    return bool(actor.client_roles.get(MANAGEMENT_CLIENT))


def require_graph_access(actor: Actor | None) -> Actor:
    """The GraphQL graph is an administration API: a caller without any admin right is refused before
    its document is parsed or validated, so it can neither spend validation work nor read the schema by
    introspection. (The graph has no field that only reads the caller's own account, which would be the
    one thing such a caller could ask.)"""
    actor = require_authenticated(actor)
    if not holds_admin_right(actor):
        raise Forbidden("The GraphQL API needs an admin right in at least one realm")
    return actor


def require_create_realm(actor: Actor | None) -> Actor:
    actor = require_authenticated(actor)
    if is_super_admin(actor) or (actor.realm_name == MASTER and "create-realm" in actor.realm_roles):
        return actor
    raise Forbidden("Creating realms needs the master admin or create-realm role")


def require_super_admin(actor: Actor | None) -> Actor:
    actor = require_authenticated(actor)
    if not is_super_admin(actor):
        raise Forbidden("Only the master realm's admin may do this")
    return actor
