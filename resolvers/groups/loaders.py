"""Batch loaders of the group tree, one query per batch; both faces build on them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from tortoise.functions import Count

from models import Group, GroupMembership


async def sub_group_counts(group_ids: Sequence[str]) -> dict[str, int]:
    """How many direct children each group has."""
    out = dict.fromkeys(group_ids, 0)
    if group_ids:
        rows = await (
            Group.filter(parent_id__in=list(group_ids))
            .annotate(n=Count("id"))
            .group_by("parent_id")
            .values_list("parent_id", "n")
        )
        out.update({str(pid): int(n) for pid, n in rows})
    return out


async def groups_by_ids(group_ids: Sequence[str]) -> dict[str, Group]:
    return {g.id: g for g in await Group.filter(id__in=list(group_ids))} if group_ids else {}


async def children_of(group_ids: Sequence[str]) -> dict[str, list[Group]]:
    """Each group's direct children, by name."""
    out: dict[str, list[Group]] = {gid: [] for gid in group_ids}
    if group_ids:
        for g in await Group.filter(parent_id__in=list(group_ids)).order_by("name"):
            out[str(g.parent_id)].append(g)
    return out


async def groups_of_users(user_ids: Sequence[str]) -> dict[str, list[Group]]:
    """Each user's groups, by path."""
    out: dict[str, list[Group]] = defaultdict(list)
    if user_ids:
        links = await GroupMembership.filter(user_id__in=list(user_ids)).select_related("group")
        for link in sorted(links, key=lambda m: m.group.path):
            out[str(link.user_id)].append(link.group)
    return {uid: out.get(uid, []) for uid in user_ids}


async def member_ids_of(group_ids: Sequence[str]) -> dict[str, list[str]]:
    """Each group's member ids, by username."""
    out: dict[str, list[str]] = {gid: [] for gid in group_ids}
    if group_ids:
        rows = (
            await GroupMembership.filter(group_id__in=list(group_ids))
            .order_by("user__username")
            .values_list("group_id", "user_id")
        )
        for gid, uid in rows:
            out[str(gid)].append(str(uid))
    return out
