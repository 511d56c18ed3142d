"""Effective roles: direct mappings, group mappings up the group tree, and composites, expanded in a
fixed number of queries for any number of users or groups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from models import Role, RoleComposite, raw


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


# One recursive statement per batch (SQLite and PostgreSQL both run it): the owners' groups and every
# ancestor group up the tree, the roles mapped to the owner or to those groups, and everything those roles
# contain through nested composites.
_EFFECTIVE = """
WITH RECURSIVE
  member_of(owner, group_id) AS (
    {groups}
    UNION
    SELECT m.owner, g.parent_id FROM member_of m JOIN iam_group g ON g.id = m.group_id
    WHERE g.parent_id IS NOT NULL
  ),
  held(owner, role_id) AS (
    {direct}
    SELECT m.owner, gr.role_id FROM member_of m JOIN group_role_mapping gr ON gr.group_id = m.group_id
    UNION
    SELECT h.owner, rc.child_id FROM held h JOIN role_composite rc ON rc.parent_id = h.role_id
  )
SELECT owner, role_id FROM held
"""


async def _effective(owner_ids: list[str], *, users: bool) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {oid: set() for oid in owner_ids}
    if not owner_ids:
        return result
    marks = raw.marks(len(owner_ids))
    if users:
        sql = _EFFECTIVE.format(
            groups=f"SELECT user_id, group_id FROM group_membership WHERE user_id IN ({marks})",
            direct=f"SELECT user_id, role_id FROM user_role_mapping WHERE user_id IN ({marks}) UNION",
        )
        params = [*owner_ids, *owner_ids]
    else:
        sql = _EFFECTIVE.format(groups=f"SELECT id, id FROM iam_group WHERE id IN ({marks})", direct="")
        params = list(owner_ids)
    for row in await raw.fetch(sql, *params):
        result[row["owner"]].add(row["role_id"])
    return result


async def effective_role_ids(user_ids: list[str]) -> dict[str, set[str]]:
    """Each user's effective role ids (direct, through groups and their ancestors, and composites)."""
    return await _effective(list(user_ids), users=True)


async def group_effective_role_ids(group_ids: list[str]) -> dict[str, set[str]]:
    """Each group's effective role ids: its own mappings, its ancestors' mappings, and composites."""
    return await _effective(list(group_ids), users=False)


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
        elif role.client is not None:
            clients[role.client.client_id].add(role.name)
    return frozenset(realm), {k: frozenset(v) for k, v in clients.items()}
