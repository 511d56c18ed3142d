"""Effective roles: direct mappings, group mappings up the group tree, and composites, expanded in a
fixed number of queries for any number of users or groups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from models import Role, RoleComposite, raw
from resolvers.kit import rights
from resolvers.kit.rights import MASTER, MASTER_ADMIN_ROLES, AdminRole


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


# The admin roles a change would confer: the admin clients' roles (realm-management, master's
# ``*-realm``), and the master realm's own admin roles, among the roles it hands out and everything those
# contain. ``{start}`` selects the roles handed out; one recursive statement expands them, and
# ``rights.admin_role_of`` says which realm each is for.
_ADMIN_ROLES_IN = """
WITH RECURSIVE
  {chain}
  closure(role_id) AS (
    {start}
    UNION
    SELECT rc.child_id FROM closure c JOIN role_composite rc ON rc.parent_id = c.role_id
  )
SELECT DISTINCT r.name AS name, re.name AS realm, cl.client_id AS client FROM closure c
JOIN role r ON r.id = c.role_id
JOIN realm re ON re.id = r.realm_id
LEFT JOIN client cl ON cl.id = r.client_id
WHERE cl.client_id = ?
   OR (re.name = ? AND (cl.client_id LIKE ? OR (r.client_id IS NULL AND r.name IN ({master_marks}))))
"""
# A group's members hold the roles of the group and of every ancestor group; ``{seed}`` selects the
# groups.
_GROUP_CHAIN = """chain(group_id) AS (
    {seed}
    UNION
    SELECT g.parent_id FROM chain c JOIN iam_group g ON g.id = c.group_id WHERE g.parent_id IS NOT NULL
  ),"""
_FROM_GROUPS = "SELECT gr.role_id FROM chain c JOIN group_role_mapping gr ON gr.group_id = c.group_id"


async def _admin_roles(start: str, params: list[str], chain: str = "") -> set[AdminRole]:
    sql = _ADMIN_ROLES_IN.format(chain=chain, start=start, master_marks=raw.marks(len(MASTER_ADMIN_ROLES)))
    suffix = "%" + rights.MASTER_ADMIN_CLIENT_SUFFIX
    rows = await raw.fetch(sql, *params, rights.MANAGEMENT_CLIENT, MASTER, suffix, *MASTER_ADMIN_ROLES)
    found = (rights.admin_role_of(str(row["realm"]), row["client"], str(row["name"])) for row in rows)
    return {role for role in found if role is not None}


async def admin_roles_in(role_ids: Iterable[str]) -> set[AdminRole]:
    """The admin roles among ``role_ids`` and every role they contain."""
    ids = list(set(role_ids))
    if not ids:
        return set()
    return await _admin_roles(f"SELECT id FROM role WHERE id IN ({raw.marks(len(ids))})", ids)


async def group_admin_roles(group_ids: Iterable[str]) -> set[AdminRole]:
    """The admin roles membership of ``group_ids`` confers: the groups' and their ancestors'
    mappings, and everything those contain."""
    ids = list(set(group_ids))
    if not ids:
        return set()
    seed = f"SELECT id FROM iam_group WHERE id IN ({raw.marks(len(ids))})"
    return await _admin_roles(_FROM_GROUPS, ids, chain=_GROUP_CHAIN.format(seed=seed))


async def realm_admin_roles(realm_id: str, default_role_name: str) -> set[AdminRole]:
    """The admin roles anyone in the realm holds or would get: its users' and groups' mappings,
    the default role every new user gets, and everything those contain."""
    start = (
        "SELECT m.role_id FROM user_role_mapping m JOIN iam_user u ON u.id = m.user_id WHERE u.realm_id = ?"
        " UNION SELECT m.role_id FROM group_role_mapping m JOIN iam_group g ON g.id = m.group_id"
        " WHERE g.realm_id = ?"
        " UNION SELECT id FROM role WHERE realm_id = ? AND client_id IS NULL AND name = ?"
    )
    return await _admin_roles(start, [realm_id, realm_id, realm_id, default_role_name])


async def user_admin_roles(user_id: str) -> set[AdminRole]:
    """The admin roles the user holds: directly, through its groups and their ancestors, and
    everything those contain."""
    chain = _GROUP_CHAIN.format(seed="SELECT group_id FROM group_membership WHERE user_id = ?")
    start = f"SELECT role_id FROM user_role_mapping WHERE user_id = ? UNION {_FROM_GROUPS}"
    return await _admin_roles(start, [user_id, user_id], chain=chain)
