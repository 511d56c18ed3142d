"""Default groups: the groups every new user of a realm joins, kept in the realm's settings."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import Group, Realm
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.kit.lookup import group_in_realm, realm_by_name
from resolvers.roles import conferring

DEFAULT_GROUPS_KEY = "defaultGroups"


def default_group_ids(realm: Realm) -> list[str]:
    return [str(i) for i in realm.config.get(DEFAULT_GROUPS_KEY) or []]


async def default_groups_of(realm: Realm) -> list[Group]:
    """The groups every new user of ``realm`` joins."""
    ids = default_group_ids(realm)
    return await Group.filter(realm_id=realm.id, id__in=ids).order_by("path") if ids else []


async def list_default_groups(actor: Actor | None, realm_name: str) -> list[Group]:
    rights.require(actor, realm_name, "view-realm")
    return await default_groups_of(await realm_by_name(realm_name))


async def _save_defaults(realm: Realm, ids: list[str]) -> None:
    realm.config = realm.config | {DEFAULT_GROUPS_KEY: ids}
    await realm.save(update_fields=["config"])


async def add_default_group(actor: Actor | None, realm_name: str, group_id: str) -> None:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    await conferring.require_may_confer_groups(actor, realm, [group.id])
    defaults = default_group_ids(realm)
    async with in_transaction():
        if group.id not in defaults:
            await _save_defaults(realm, [*defaults, group.id])
        await record_admin_event(realm, actor, "CREATE", "GROUP", f"default-groups/{group.id}")


async def remove_default_group(actor: Actor | None, realm_name: str, group_id: str) -> None:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    defaults = default_group_ids(realm)
    async with in_transaction():
        if group.id in defaults:
            await _save_defaults(realm, [d for d in defaults if d != group.id])
        await record_admin_event(realm, actor, "DELETE", "GROUP", f"default-groups/{group.id}")


async def forget_default_groups(realm: Realm, group_ids: set[str]) -> None:
    """Drop deleted groups from the defaults; runs in the deleting transaction."""
    defaults = default_group_ids(realm)
    if set(defaults) & group_ids:
        await _save_defaults(realm, [d for d in defaults if d not in group_ids])
