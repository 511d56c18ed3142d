"""Batch functions of the ACP aggregate (see ``schema.kit.loaders``)."""

from __future__ import annotations

from core.acp import AcpPolicy as Policy
from resolvers.acp import policies, roles
from resolvers.kit.actor import Actor
from schema.kit.node import split_key, visible_or_none


async def visible_policies(actor: Actor | None, keys: list[str]) -> list[tuple[str, Policy] | None]:
    """Policies keyed ``flavor/policy id``, with their flavor."""
    out: list[tuple[str, Policy] | None] = []
    for key in keys:
        parts = split_key(key, 2)
        found = await visible_or_none(policies.get_policy(actor, *parts)) if parts else None
        out.append((parts[0], found) if parts and found else None)
    return out


async def visible_roles(actor: Actor | None, keys: list[str]) -> list[roles.RoleView | None]:
    """Roles keyed ``flavor/role id``."""
    out: list[roles.RoleView | None] = []
    for key in keys:
        parts = split_key(key, 2)
        out.append(await visible_or_none(roles.get_role(actor, *parts)) if parts else None)
    return out
