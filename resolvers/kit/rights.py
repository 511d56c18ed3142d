"""Admin rights, in one place. Every resolver's first line calls one of these.

Rights follow Keycloak: the master realm's ``admin`` role is super-admin; within a realm, the
``realm-management`` client roles grant rights on that realm only. A token of realm A grants nothing in
realm B (except master's super-admin).
"""

from __future__ import annotations

from collections.abc import Iterable

from core.errors import Forbidden, Unauthenticated
from resolvers.kit.actor import Actor

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


def missing_right(realm_name: str, right: str) -> Forbidden:
    """The refusal of a caller without ``right`` in realm ``realm_name``."""
    return Forbidden(f"Missing the {right} right in realm {realm_name}")


def require(actor: Actor | None, realm_name: str, right: str) -> Actor:
    actor = require_authenticated(actor)
    if not can(actor, realm_name, right):
        raise missing_right(realm_name, right)
    return actor


def require_any(actor: Actor | None, realm_name: str) -> Actor:
    actor = require_authenticated(actor)
    if not can_any(actor, realm_name):
        raise Forbidden(f"No admin rights in realm {realm_name}")
    return actor


def role_right(client_role: bool, *, manage: bool) -> str:
    """The right a role needs: realm roles are the realm's (view-realm, manage-realm), client roles the
    clients' (view-clients, manage-clients)."""
    if client_role:
        return "manage-clients" if manage else "view-clients"
    return "manage-realm" if manage else "view-realm"


# The master realm's own admin roles: ``admin`` is super-admin everywhere, ``create-realm`` makes realms.
MASTER_ADMIN_ROLES = ("admin", "create-realm")


def _widest_first(name: str) -> tuple[int, str]:
    """The order a refusal names roles in: the widest first, so the message names what matters."""
    if name in MASTER_ADMIN_ROLES or name == "realm-admin":
        return (0, name)
    return ({"view": 2, "query": 3}.get(name.split("-", 1)[0], 1), name)


def may_confer(actor: Actor, realm_name: str, admin_role: str) -> bool:
    """Whether ``actor`` may hand out ``admin_role`` in realm ``realm_name``: as Keycloak's role mapper
    decides (``checkAdminRoles``), only a caller holding that right itself, or realm-admin there, or the
    super-admin. Master's own admin roles only their holders may hand on."""
    if is_super_admin(actor):
        return True
    if actor.realm_name != realm_name:
        return False
    if admin_role in MASTER_ADMIN_ROLES:
        return realm_name == MASTER and admin_role in actor.realm_roles
    held = actor.client_roles.get(MANAGEMENT_CLIENT, frozenset())
    return (
        "realm-admin" in held or admin_role in held or bool(held & _GRANTED_BY.get(admin_role, frozenset()))
    )


def require_may_confer(
    actor: Actor, realm_name: str, admin_roles: Iterable[str], *, doing: str = "map the admin role"
) -> None:
    """The one rule against escalation: a change that would confer ``admin_roles`` (the admin roles among
    the effective roles it hands out: composites expanded, groups inherited) is refused unless the caller
    may confer each of them. Every path that confers roles calls it (through ``resolvers.roles.
    conferring``): role mappings, group membership, users created into groups, group moves and creation
    under a parent, composites, default roles and groups, realm import, lowball roles; and so does acting
    as a user (impersonation, a new password), which confers that user's rights on the caller. Client
    scope mappings and service accounts call it too when they arrive. ``doing`` words the refusal."""
    for role in sorted(admin_roles, key=_widest_first):
        if not may_confer(actor, realm_name, role):
            if actor.realm_name != realm_name:
                raise Forbidden(f"Cannot {doing} {role}")
            raise Forbidden(f"Cannot {doing} {role} without holding it")


def is_admin_role(realm_name: str, client_id: str | None, role_name: str) -> bool:
    """Whether a role is one of the admin roles themselves: a role of the realm-management client, or the
    master realm's admin and create-realm roles. (``client_id`` is the role's client's clientId.)"""
    if client_id is not None:
        return client_id == MANAGEMENT_CLIENT
    return realm_name == MASTER and role_name in MASTER_ADMIN_ROLES


def require_may_change_admin_roles(actor: Actor, role_name: str) -> None:
    """The admin roles are the rights table: renamed, deleted, given composites or added to, they would
    change what every admin holds (Keycloak keeps them read-only). Only the super-admin changes them."""
    if not is_super_admin(actor):
        raise Forbidden(f"The admin role {role_name} is read-only")


def require_delete_realm(actor: Actor | None, realm_name: str) -> Actor:
    """Deleting a realm needs manage-realm in it; the master realm only its super-admin may address."""
    if realm_name == MASTER:
        return require_super_admin(actor)
    return require(actor, realm_name, "manage-realm")


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


# What the caller may do with the objects it reads: the data behind Keycloak's ``access`` map of a user
# or group representation, in Keycloak's names and order.
_ACCESS: dict[str, tuple[tuple[str, str], ...]] = {
    "user": (
        ("manageGroupMembership", "manage-users"),
        ("view", "view-users"),
        ("mapRoles", "manage-users"),
        ("impersonate", "impersonation"),
        ("manage", "manage-users"),
    ),
    "group": (
        ("view", "view-users"),
        ("viewMembers", "view-users"),
        ("manage", "manage-users"),
        ("manageMembers", "manage-users"),
        ("manageMembership", "manage-users"),
    ),
    "client": (
        ("view", "view-clients"),
        ("configure", "manage-clients"),
        ("manage", "manage-clients"),
    ),
}


def access_of(actor: Actor, realm_name: str, kind: str) -> dict[str, bool]:
    """What ``actor`` may do with a ``kind`` ("user", "group" or "client") of realm ``realm_name``."""
    return {name: can(actor, realm_name, right) for name, right in _ACCESS[kind]}


# --- lowball ------------------------------------------------------------------------------------------

LOWBALL_ADMIN_ROLE = "admin"


def is_lowball_admin(actor: Actor, lowball_realm: str) -> bool:
    """lowball's rule: the caller holds the literal role ``admin`` of the realm lowball serves, whichever
    token shows it (a lowball token with it among its roles, or that realm's access token with the realm
    role). Keycloak's rights reach as far: the master admin, super-admin everywhere, and manage-users in
    that realm. So the master admin's access token is a lowball admin's."""
    if actor.realm_name == lowball_realm and LOWBALL_ADMIN_ROLE in actor.realm_roles:
        return True
    return can(actor, lowball_realm, "manage-users")


def is_lowball_self(actor: Actor, lowball_realm: str, client_id: str) -> bool:
    """Whether the caller is the lowball client ``client_id`` (a user of the realm lowball serves)."""
    return actor.realm_name == lowball_realm and actor.username is not None and actor.username == client_id


def require_lowball_admin(actor: Actor | None, lowball_realm: str) -> Actor:
    actor = require_authenticated(actor)
    if not is_lowball_admin(actor, lowball_realm):
        raise Forbidden("The lowball admin role is required")
    return actor


def require_lowball_admin_or_self(actor: Actor | None, lowball_realm: str, client_id: str) -> Actor:
    actor = require_authenticated(actor)
    if not (is_lowball_admin(actor, lowball_realm) or is_lowball_self(actor, lowball_realm, client_id)):
        raise Forbidden(f"Only a lowball admin or the client itself may act on client {client_id}")
    return actor


# --- the OAuth2 flows (Hydra's admin API) ---------------------------------------------------------------


def require_oauth2(actor: Actor | None, realm_name: str, *, manage: bool) -> Actor:
    """Login, consent and logout requests and the sessions behind them are the realm's users' business:
    reading them needs view-users, handling them (accept, reject, revoke) manage-users, in the realm the
    flows serve."""
    return require(actor, realm_name, "manage-users" if manage else "view-users")
