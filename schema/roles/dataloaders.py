"""Batch functions of the roles aggregate (see ``schema.kit.loaders``)."""

from __future__ import annotations

from models import Role as RoleModel
from resolvers.kit.actor import Actor
from resolvers.roles import crud as role_admin
from resolvers.roles import effective as roles
from resolvers.roles import mappings as role_mappings
from resolvers.roles.views import RoleAddress
from schema.kit.node import in_own_realm


async def user_effective_roles(actor: Actor | None, ids: list[str]) -> list[list[RoleModel]]:
    found = await roles.effective_roles(ids)
    return [found[i] for i in ids]


async def group_effective_roles(actor: Actor | None, ids: list[str]) -> list[list[RoleModel]]:
    found = await roles.group_effective_roles(ids)
    return [found[i] for i in ids]


async def group_direct_roles(actor: Actor | None, ids: list[str]) -> list[list[RoleModel]]:
    found = await role_mappings.direct_roles_of("group", ids)
    return [found[i] for i in ids]


async def role_composites(actor: Actor | None, ids: list[str]) -> list[list[RoleModel]]:
    """Every role each role contains, through nested composites too, by name."""
    closure = await roles.composite_closure(ids)
    children = {rid: closure[rid] - {rid} for rid in ids}
    rows = await roles.roles_by_ids(r for rids in children.values() for r in rids)
    return [sorted((rows[r] for r in children[i] if r in rows), key=lambda r: r.name) for i in ids]


async def _role(actor: Actor | None, realm_name: str, role_id: str) -> RoleModel:
    return (await role_admin.get_role(actor, realm_name, RoleAddress(role_id=role_id))).role


async def visible_roles(actor: Actor | None, keys: list[str]) -> list[RoleModel | None]:
    realm_ids = {r.id: r.realm_id for r in (await roles.roles_by_ids(keys)).values()}
    return await in_own_realm(
        actor,
        keys,
        realm_ids,
        lambda realm_name, role_id: _role(actor, realm_name, role_id),
    )
