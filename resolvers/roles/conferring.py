"""What a change would confer, held against the rights kit's one rule against escalation
(``rights.require_may_confer``). Each path that hands out roles says what it hands out: roles (a mapping,
a composite's children, the default role's), groups (joined, a new parent, a default group) or a whole
imported realm; the admin roles among their effective roles are computed in one statement."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from models import Client, Realm, Role
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.roles import effective


async def require_may_confer_roles(actor: Actor, realm: Realm, role_ids: Iterable[str]) -> None:
    """Handing out ``role_ids`` (with everything they contain) to a user, a group or a composite."""
    if not rights.is_super_admin(actor):
        rights.require_may_confer(actor, await effective.admin_roles_in(role_ids))


async def require_may_confer_groups(actor: Actor, realm: Realm, group_ids: Iterable[str]) -> None:
    """Making someone a member of ``group_ids``, or a group a child of one: what their mappings and their
    ancestors' confer."""
    if not rights.is_super_admin(actor):
        rights.require_may_confer(actor, await effective.group_admin_roles(group_ids))


async def require_may_confer_realm(actor: Actor, realm: Realm) -> None:
    """A realm filled by an import: whatever its users and groups hold, or its new users would get."""
    if not rights.is_super_admin(actor):
        default_role = lookup.default_role_name(realm.name)
        rights.require_may_confer(actor, await effective.realm_admin_roles(realm.id, default_role))


async def require_may_revoke(actor: Actor, realm: Realm, roles: Sequence[Role]) -> None:
    """Taking admin roles away needs the same right as handing them out (as Keycloak's role mapper asks);
    only the roles named count, not what they contain."""
    if rights.is_super_admin(actor):
        return
    client_ids = {r.client_id for r in roles if r.client_id is not None}
    found = await Client.filter(id__in=list(client_ids)).values_list("id", "client_id") if client_ids else []
    client_of = {str(uuid): str(client_id) for uuid, client_id in found}
    named = (rights.admin_role_of(realm.name, client_of.get(r.client_id or ""), r.name) for r in roles)
    rights.require_may_confer(actor, {role for role in named if role is not None})


async def require_may_act_for(actor: Actor, realm: Realm, user_id: str, doing: str) -> None:
    """Acting as the user (impersonating it, setting its password, e-mailing it a link to do so) gives
    the caller the user's rights: refused when the user holds admin roles the caller may not confer
    (as Keycloak refuses impersonating a user with higher privileges)."""
    if not rights.is_super_admin(actor):
        held = await effective.user_admin_roles(user_id)
        rights.require_may_confer(actor, held, doing=f"{doing} a holder of the admin role")
