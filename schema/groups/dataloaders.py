"""Batch functions of the groups aggregate (see ``schema.kit.loaders``)."""

from __future__ import annotations

from models import Group as GroupModel
from resolvers.groups import tree as groups
from resolvers.kit.actor import Actor
from schema.kit.node import in_own_realm


async def group_children(actor: Actor | None, ids: list[str]) -> list[list[GroupModel]]:
    found = await groups.children_of(ids)
    return [found[i] for i in ids]


async def groups_by_ids(actor: Actor | None, ids: list[str]) -> list[GroupModel | None]:
    """Groups by id, for links from an object the caller already may see (a group's parent)."""
    found = await groups.groups_by_ids(ids)
    return [found.get(i) for i in ids]


async def group_member_ids(actor: Actor | None, ids: list[str]) -> list[list[str]]:
    found = await groups.member_ids_of(ids)
    return [found[i] for i in ids]


async def groups_of_users(actor: Actor | None, ids: list[str]) -> list[list[GroupModel]]:
    found = await groups.groups_of_users(ids)
    return [found[i] for i in ids]


async def visible_groups(actor: Actor | None, keys: list[str]) -> list[GroupModel | None]:
    realm_ids = {g.id: g.realm_id for g in (await groups.groups_by_ids(keys)).values()}

    async def read(realm_name: str, group_id: str) -> GroupModel:
        return (await groups.get_group(actor, realm_name, group_id)).group

    return await in_own_realm(actor, keys, realm_ids, read)
