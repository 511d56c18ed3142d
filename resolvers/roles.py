"""Effective roles: direct mappings, group mappings up the group tree, and composites, expanded in a
fixed number of queries for any number of users."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from models import Group, GroupMembership, GroupRoleMapping, Role, RoleComposite, UserRoleMapping


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


async def expand_composites(role_ids: Iterable[str]) -> set[str]:
    """The closure of ``role_ids`` under composite links: one query per level of nesting."""
    seen = set(role_ids)
    frontier = set(seen)
    while frontier:
        children = await RoleComposite.filter(parent_id__in=list(frontier)).values_list("child_id", flat=True)
        frontier = {c for c in children if c not in seen}
        seen |= frontier
    return seen


async def effective_role_ids(user_ids: list[str]) -> dict[str, set[str]]:
    """Each user's effective role ids (direct, through groups and their ancestors, and composites)."""
    result: dict[str, set[str]] = {uid: set() for uid in user_ids}
    if not user_ids:
        return result
    for uid, rid in await UserRoleMapping.filter(user_id__in=user_ids).values_list("user_id", "role_id"):
        result[uid].add(rid)

    memberships = await GroupMembership.filter(user_id__in=user_ids).values_list("user_id", "group__realm_id",
                                                                                 "group__path")
    if memberships:
        paths_by_user: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for uid, realm_id, path in memberships:
            for ancestor in _ancestor_paths(path):
                paths_by_user[uid].add((realm_id, ancestor))
        all_paths = {p for paths in paths_by_user.values() for _, p in paths}
        realm_ids = {r for paths in paths_by_user.values() for r, _ in paths}
        groups = await Group.filter(realm_id__in=list(realm_ids), path__in=list(all_paths)).values_list(
            "id", "realm_id", "path"
        )
        group_by_key = {(realm_id, path): gid for gid, realm_id, path in groups}
        group_roles: dict[str, set[str]] = defaultdict(set)
        for gid, rid in await GroupRoleMapping.filter(group_id__in=list(group_by_key.values())).values_list(
            "group_id", "role_id"
        ):
            group_roles[gid].add(rid)
        for uid, keys in paths_by_user.items():
            for key in keys:
                gid = group_by_key.get(key)
                if gid:
                    result[uid] |= group_roles[gid]

    # Expand composites once for the union, then map back per user.
    direct = {rid for rids in result.values() for rid in rids}
    if not direct:
        return result
    closure: dict[str, set[str]] = {rid: {rid} for rid in direct}
    links: dict[str, set[str]] = defaultdict(set)
    frontier = set(direct)
    seen = set(direct)
    while frontier:
        rows = await RoleComposite.filter(parent_id__in=list(frontier)).values_list("parent_id", "child_id")
        frontier = set()
        for parent, child in rows:
            links[parent].add(child)
            if child not in seen:
                seen.add(child)
                frontier.add(child)

    def close(rid: str) -> set[str]:
        out, stack = set(), [rid]
        while stack:
            current = stack.pop()
            if current in out:
                continue
            out.add(current)
            stack.extend(links.get(current, ()))
        return out

    for rid in direct:
        closure[rid] = close(rid)
    return {uid: set().union(*(closure[r] for r in rids)) if rids else set() for uid, rids in result.items()}


async def effective_roles(user_ids: list[str]) -> dict[str, list[Role]]:
    """Each user's effective roles as rows (client loaded), in one extra query."""
    ids = await effective_role_ids(user_ids)
    wanted = {rid for rids in ids.values() for rid in rids}
    roles = {r.id: r for r in await Role.filter(id__in=list(wanted)).select_related("client")} if wanted else {}
    return {uid: sorted((roles[r] for r in rids if r in roles), key=lambda r: r.name) for uid, rids in ids.items()}


def split_roles(roles: Iterable[Role]) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """Realm role names, and client role names by clientId: the shape tokens carry."""
    realm: set[str] = set()
    clients: dict[str, set[str]] = defaultdict(set)
    for role in roles:
        if role.client_id is None:
            realm.add(role.name)
        else:
            clients[role.client.client_id].add(role.name)
    return frozenset(realm), {k: frozenset(v) for k, v in clients.items()}
