"""Admin rights, in one place. Every resolver's first line calls one of these.

Rights follow Keycloak: the master realm's ``admin`` role is super-admin; a realm's own
``realm-management`` client roles grant rights on that realm only; and in master, the roles of the
client ``<realm>-realm`` grant rights on that realm (``master-realm`` on master itself, which has no
``realm-management``). A token of realm A grants nothing in realm B unless A is master.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from core.errors import Forbidden, Unauthenticated
from resolvers.kit.actor import Actor

MASTER = "master"
MANAGEMENT_CLIENT = "realm-management"
MASTER_ADMIN_CLIENT_SUFFIX = "-realm"

# The admin roles of a ``<realm>-realm`` client in master: Keycloak's ``AdminRoles.ALL_REALM_ROLES`` and
# impersonation. ``realm-management`` has these too, and realm-admin, composite of them all.
REALM_ADMIN_ROLES = (
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
ADMIN_QUERY_COMPOSITES = {"view-users": ("query-users", "query-groups"), "view-clients": ("query-clients",)}
ADMIN_ROLES = ("realm-admin", *REALM_ADMIN_ROLES)
ADMIN_COMPOSITES = {"realm-admin": REALM_ADMIN_ROLES, **ADMIN_QUERY_COMPOSITES}

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


def master_admin_client(realm_name: str) -> str:
    """The clientId of the client in master holding realm ``realm_name``'s admin roles."""
    return realm_name + MASTER_ADMIN_CLIENT_SUFFIX


def admin_client(token_realm: str, realm_name: str) -> str | None:
    """The one mapping of where admin rights live: which client of ``token_realm`` (the realm of a token)
    holds the admin roles of ``realm_name``. Master's ``<realm>-realm`` clients reach every realm; any
    other realm's ``realm-management`` only that realm. ``None``: no token of that realm has rights there."""
    if token_realm == MASTER:
        return master_admin_client(realm_name)
    return MANAGEMENT_CLIENT if token_realm == realm_name else None


def administered_realm(realm_name: str, client_id: str) -> str | None:
    """The inverse: the realm whose admin roles the client ``client_id`` of ``realm_name`` holds, if any.
    Every master client named ``*-realm`` counts, whether or not its realm exists (yet): a stricter rule
    for a client nobody but the super-admin should make, and no right for a squatter once it does."""
    if realm_name == MASTER:
        realm, suffix, rest = client_id.rpartition(MASTER_ADMIN_CLIENT_SUFFIX)
        return realm if suffix and realm and not rest else None
    return realm_name if client_id == MANAGEMENT_CLIENT else None


def _held(actor: Actor, realm_name: str) -> frozenset[str]:
    """The admin roles of realm ``realm_name`` the actor's token carries."""
    client = admin_client(actor.realm_name, realm_name)
    return actor.client_roles.get(client, frozenset()) if client is not None else frozenset()


def can(actor: Actor, realm_name: str, right: str) -> bool:
    """Whether ``actor`` holds ``right`` (an admin role name) in realm ``realm_name``."""
    if is_super_admin(actor):
        return True
    held = _held(actor, realm_name)
    return "realm-admin" in held or bool(held & _GRANTED_BY[right])


def can_any(actor: Actor, realm_name: str) -> bool:
    """Whether ``actor`` holds any admin right in the realm (enough to see that the realm exists)."""
    return is_super_admin(actor) or bool(_held(actor, realm_name))


def missing_right(realm_name: str, right: str) -> Forbidden:
    """The refusal of a caller without ``right`` in realm ``realm_name``."""
    return Forbidden(f"Missing the {right} right in realm {realm_name}")


def require(actor: Actor | None, realm_name: str, right: str) -> Actor:
    actor = require_authenticated(actor)
    if not can(actor, realm_name, right):
        raise missing_right(realm_name, right)
    return actor


def require_one_of(actor: Actor | None, realm_name: str, *rights: str) -> Actor:
    """The caller holds at least one of ``rights`` (Keycloak's readers that several admin roles may use,
    such as the authentication flows, which view-realm or manage-clients may list)."""
    actor = require_authenticated(actor)
    if not any(can(actor, realm_name, right) for right in rights):
        raise missing_right(realm_name, rights[0])
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


class AdminRole(NamedTuple):
    """An admin role, by the realm it grants rights in and its name (``realm-management``'s and master's
    ``<realm>-realm``'s roles of one realm are the same rights)."""

    realm: str
    name: str


def admin_role_of(realm_name: str, client_id: str | None, role_name: str) -> AdminRole | None:
    """The admin right a role of realm ``realm_name`` is, if it is one: a role of an admin client, or the
    master realm's admin and create-realm roles. (``client_id`` is the role's client's clientId.)"""
    if client_id is None:
        master_role = realm_name == MASTER and role_name in MASTER_ADMIN_ROLES
        return AdminRole(MASTER, role_name) if master_role else None
    administered = administered_realm(realm_name, client_id)
    return None if administered is None else AdminRole(administered, role_name)


def is_admin_role(realm_name: str, client_id: str | None, role_name: str) -> bool:
    """Whether a role is one of the admin roles themselves."""
    return admin_role_of(realm_name, client_id, role_name) is not None


def _widest_first(role: AdminRole) -> tuple[int, str, str]:
    """The order a refusal names roles in: the widest first, so the message names what matters."""
    if role.name in MASTER_ADMIN_ROLES or role.name == "realm-admin":
        return (0, role.name, role.realm)
    return ({"view": 2, "query": 3}.get(role.name.split("-", 1)[0], 1), role.name, role.realm)


def may_confer(actor: Actor, role: AdminRole) -> bool:
    """Whether ``actor`` may hand out the admin role: as Keycloak's role mapper decides
    (``checkAdminRoles``), only a caller holding that right itself in the realm it is for, or realm-admin
    there, or the super-admin. Master's own admin roles only their holders may hand on."""
    if is_super_admin(actor):
        return True
    if role.name in MASTER_ADMIN_ROLES and role.realm == MASTER:
        return actor.realm_name == MASTER and role.name in actor.realm_roles
    held = _held(actor, role.realm)
    return "realm-admin" in held or role.name in held or bool(held & _GRANTED_BY.get(role.name, frozenset()))


def require_may_confer(
    actor: Actor, admin_roles: Iterable[AdminRole], *, doing: str = "map the admin role"
) -> None:
    """The one rule against escalation: a change that would confer ``admin_roles`` (the admin roles among
    the effective roles it hands out: composites expanded, groups inherited) is refused unless the caller
    may confer each of them. Every path that confers roles calls it (through ``resolvers.roles.
    conferring``): role mappings, group membership, users created into groups, group moves and creation
    under a parent, composites, default roles and groups, realm import, lowball roles; and so does acting
    as a user (impersonation, a new password), which confers that user's rights on the caller. Client
    scope mappings and service accounts call it too when they arrive. ``doing`` words the refusal."""
    for role in sorted(set(admin_roles), key=_widest_first):
        if not may_confer(actor, role):
            if admin_client(actor.realm_name, role.realm) is None:
                raise Forbidden(f"Cannot {doing} {role.name}")
            of = "" if role.realm == actor.realm_name else f" of realm {role.realm}"
            raise Forbidden(f"Cannot {doing} {role.name}{of} without holding it")


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
    ``create-realm``, or any role of an admin client of its realm."""
    if is_super_admin(actor) or (actor.realm_name == MASTER and "create-realm" in actor.realm_roles):
        return True
    return any(roles and administered_realm(actor.realm_name, c) for c, roles in actor.client_roles.items())


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
