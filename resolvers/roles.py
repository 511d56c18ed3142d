"""Effective roles: direct mappings, group mappings up the group tree, and composites, expanded in a
fixed number of queries for any number of users or groups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from models import Group, GroupMembership, GroupRoleMapping, Role, RoleComposite, UserRoleMapping


def ancestor_paths(path: str) -> list[str]:
    """The paths of a group and of each of its ancestors (``/a/b`` gives ``/a`` and ``/a/b``)."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


async def composite_closure(role_ids: Iterable[str]) -> dict[str, set[str]]:
    """Each role with every role it contains, directly or through nested composites: one query per level
    of nesting, whatever the number of roles. The one implementation of the composite expansion."""
    start = set(role_ids)
    links: dict[str, set[str]] = defaultdict(set)
    frontier, seen = set(start), set(start)
    while frontier:
        rows = await RoleComposite.filter(parent_id__in=list(frontier)).values_list("parent_id", "child_id")
        frontier = set()
        for parent, child in rows:
            links[parent].add(child)
            if child not in seen:
                seen.add(child)
                frontier.add(child)

    closure: dict[str, set[str]] = {}
    for rid in start:
        out: set[str] = set()
        stack = [rid]
        while stack:
            current = stack.pop()
            if current not in out:
                out.add(current)
                stack.extend(links.get(current, ()))
        closure[rid] = out
    return closure


async def expand_composites(role_ids: Iterable[str]) -> set[str]:
    """The union of ``role_ids`` and every role they contain."""
    closure = await composite_closure(role_ids)
    return set().union(*closure.values()) if closure else set()


async def _expand(direct: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """Expand composites once for the union of every key's roles, then map back per key."""
    union = {rid for rids in direct.values() for rid in rids}
    closure = await composite_closure(union)
    return {key: set().union(*(closure[r] for r in rids)) if rids else set() for key, rids in direct.items()}


async def _roles_by_group_path(keys: set[tuple[str, str]]) -> dict[tuple[str, str], set[str]]:
    """Role ids mapped to each (realm id, group path), in two queries."""
    if not keys:
        return {}
    realm_ids = {r for r, _ in keys}
    paths = {p for _, p in keys}
    groups = await Group.filter(realm_id__in=list(realm_ids), path__in=list(paths)).values_list(
        "id", "realm_id", "path"
    )
    group_by_key = {(realm_id, path): gid for gid, realm_id, path in groups if (realm_id, path) in keys}
    roles_by_group: dict[str, set[str]] = defaultdict(set)
    if group_by_key:
        for gid, rid in await GroupRoleMapping.filter(group_id__in=list(group_by_key.values())).values_list(
            "group_id", "role_id"
        ):
            roles_by_group[gid].add(rid)
    return {key: roles_by_group.get(gid, set()) for key, gid in group_by_key.items()}


async def _direct_through_groups(rows: Iterable[tuple[str, str, str]]) -> dict[str, set[str]]:
    """For (owner, realm id, group path) rows: each owner's roles mapped to those groups or their
    ancestors."""
    keys_by_owner: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for owner, realm_id, path in rows:
        for ancestor in ancestor_paths(path):
            keys_by_owner[owner].add((realm_id, ancestor))
    roles = await _roles_by_group_path({k for keys in keys_by_owner.values() for k in keys})
    return {owner: set().union(*(roles.get(k, set()) for k in keys)) for owner, keys in keys_by_owner.items()}


async def effective_role_ids(user_ids: list[str]) -> dict[str, set[str]]:
    """Each user's effective role ids (direct, through groups and their ancestors, and composites)."""
    result: dict[str, set[str]] = {uid: set() for uid in user_ids}
    if not user_ids:
        return result
    for uid, rid in await UserRoleMapping.filter(user_id__in=list(user_ids)).values_list(
        "user_id", "role_id"
    ):
        result[uid].add(rid)
    memberships = await GroupMembership.filter(user_id__in=list(user_ids)).values_list(
        "user_id", "group__realm_id", "group__path"
    )
    for uid, rids in (await _direct_through_groups(memberships)).items():
        result[uid] |= rids
    return await _expand(result)


async def group_effective_role_ids(group_ids: list[str]) -> dict[str, set[str]]:
    """Each group's effective role ids: its own mappings, its ancestors' mappings, and composites."""
    result: dict[str, set[str]] = {gid: set() for gid in group_ids}
    if not group_ids:
        return result
    rows = await Group.filter(id__in=list(group_ids)).values_list("id", "realm_id", "path")
    for gid, rids in (await _direct_through_groups(rows)).items():
        result[gid] |= rids
    return await _expand(result)


async def roles_by_ids(role_ids: Iterable[str]) -> dict[str, Role]:
    """Role rows by id, their client loaded."""
    wanted = list(set(role_ids))
    return {r.id: r for r in await Role.filter(id__in=wanted).select_related("client")} if wanted else {}


async def _as_rows(ids: Mapping[str, set[str]]) -> dict[str, list[Role]]:
    roles = await roles_by_ids(rid for rids in ids.values() for rid in rids)
    return {
        key: sorted((roles[r] for r in rids if r in roles), key=lambda r: r.name) for key, rids in ids.items()
    }


async def effective_roles(user_ids: list[str]) -> dict[str, list[Role]]:
    """Each user's effective roles as rows (client loaded), in one extra query."""
    return await _as_rows(await effective_role_ids(user_ids))


async def group_effective_roles(group_ids: list[str]) -> dict[str, list[Role]]:
    """Each group's effective roles as rows (client loaded), in one extra query."""
    return await _as_rows(await group_effective_role_ids(group_ids))


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
