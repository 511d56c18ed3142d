"""Group membership: a group's members, a user's groups, joining and leaving."""

from __future__ import annotations

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from models import Group, GroupMembership, User, raw
from resolvers.groups.views import GroupNode, detailed, nodes
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.kit.lookup import group_in_realm, realm_by_name, user_in_realm
from resolvers.roles import conferring
from resolvers.users.views import UserView, user_views


async def list_members(
    actor: Actor | None,
    realm_name: str,
    group_id: str,
    first: int = 0,
    max_: int = 100,
    *,
    brief: bool = False,
) -> list[UserView]:
    """The group's direct members by username, with their attributes unless ``brief``."""
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    found = await User.filter(group_links__group_id=group.id).order_by("username").offset(first).limit(max_)
    return await user_views(found, attributes=not brief)


def _user_groups_query(user: User, search: str | None) -> QuerySet[Group]:
    qs = Group.filter(member_links__user_id=user.id)
    if search and search.strip():
        qs = qs.filter(name__icontains=search.strip())
    return qs


async def list_user_groups(
    actor: Actor | None,
    realm_name: str,
    user_id: str,
    *,
    search: str | None = None,
    first: int = 0,
    max_: int = 100,
    brief: bool = True,
) -> list[GroupNode]:
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    user = await user_in_realm(realm, user_id)
    found = await _user_groups_query(user, search).order_by("name", "path").offset(first).limit(max_)
    return await detailed(await nodes(found), actor, realm_name, brief=brief)


async def count_user_groups(
    actor: Actor | None, realm_name: str, user_id: str, *, search: str | None = None
) -> int:
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    user = await user_in_realm(realm, user_id)
    return await _user_groups_query(user, search).count()


def _membership(group: Group) -> dict[str, str]:
    """What a membership event records: the group joined or left."""
    return {"id": group.id, "name": group.name, "path": group.path}


async def join_group(actor: Actor | None, realm_name: str, user_id: str, group_id: str) -> Group:
    """Make the user a member of the group; joining again changes nothing."""
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    user = await user_in_realm(realm, user_id)
    group = await group_in_realm(realm, group_id)
    await conferring.require_may_confer_groups(actor, realm, [group.id])
    async with in_transaction():
        # A join that a concurrent one made first inserts nothing and records nothing, as a repeat does.
        if await raw.insert_missing("group_membership", ("user_id", "group_id"), [(user.id, group.id)]):
            path = f"users/{user.id}/groups/{group.id}"
            await record_admin_event(realm, actor, "CREATE", "GROUP_MEMBERSHIP", path, _membership(group))
    return group


async def leave_group(actor: Actor | None, realm_name: str, user_id: str, group_id: str) -> Group:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    user = await user_in_realm(realm, user_id)
    group = await group_in_realm(realm, group_id)
    async with in_transaction():
        removed = await GroupMembership.filter(user_id=user.id, group_id=group.id).delete()
        if removed:
            path = f"users/{user.id}/groups/{group.id}"
            await record_admin_event(realm, actor, "DELETE", "GROUP_MEMBERSHIP", path, _membership(group))
    return group
