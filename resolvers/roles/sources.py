"""Effective roles that say where they came from: for each owner (a user or a group), each role it holds
and every path by which it holds it (mapped directly, contained in a mapped composite, mapped to a group
it is in, or to an ancestor of that group), in one recursive statement for any number of owners."""

from __future__ import annotations

from dataclasses import dataclass

from models import raw

# member_of: each group whose mappings reach the owner, with the group the owner is itself in (the same
# group, or a descendant of it). held: each role with the role that was mapped (itself, or a composite
# containing it) and the group whose mapping it was (none for a direct mapping). UNION keeps each path
# once, so composite cycles end.
_SOURCES = """
WITH RECURSIVE
  member_of(owner, group_id, member_group) AS (
    {groups}
    UNION
    SELECT m.owner, g.parent_id, m.member_group FROM member_of m JOIN iam_group g ON g.id = m.group_id
    WHERE g.parent_id IS NOT NULL
  ),
  held(owner, role_id, mapped_role, via_group, member_group) AS (
    {direct}
    SELECT m.owner, gr.role_id, gr.role_id, m.group_id, m.member_group
    FROM member_of m JOIN group_role_mapping gr ON gr.group_id = m.group_id
    UNION
    SELECT h.owner, rc.child_id, h.mapped_role, h.via_group, h.member_group
    FROM held h JOIN role_composite rc ON rc.parent_id = h.role_id
  )
SELECT owner, role_id, mapped_role, via_group, member_group FROM held
"""


@dataclass(frozen=True)
class RoleSource:
    """One path by which an owner holds ``role_id``: the role mapped (``role_id`` itself unless it comes
    through that composite), and for a group mapping the group mapped (``via_group``) and the group the
    owner is in (``member_group``: ``via_group`` itself, or a descendant for an ancestor's mapping)."""

    role_id: str
    mapped_role: str
    via_group: str | None
    member_group: str | None

    @property
    def through_composite(self) -> bool:
        return self.mapped_role != self.role_id


async def _sources(owner_ids: list[str], *, users: bool) -> dict[str, list[RoleSource]]:
    result: dict[str, list[RoleSource]] = {oid: [] for oid in owner_ids}
    if not owner_ids:
        return result
    marks = raw.marks(len(owner_ids))
    if users:
        sql = _SOURCES.format(
            groups=f"SELECT user_id, group_id, group_id FROM group_membership WHERE user_id IN ({marks})",
            direct=(
                "SELECT user_id, role_id, role_id, CAST(NULL AS VARCHAR(64)), CAST(NULL AS VARCHAR(64))"
                f" FROM user_role_mapping WHERE user_id IN ({marks}) UNION"
            ),
        )
        params = [*owner_ids, *owner_ids]
    else:  # a group's own mappings are its direct ones: no member group then
        sql = _SOURCES.format(groups=f"SELECT id, id, id FROM iam_group WHERE id IN ({marks})", direct="")
        params = list(owner_ids)
    for row in await raw.fetch(sql, *params):
        via, member = row["via_group"], row["member_group"]
        if not users and via == row["owner"]:
            via = member = None
        result[row["owner"]].append(RoleSource(row["role_id"], row["mapped_role"], via, member))
    for sources in result.values():
        sources.sort(key=lambda s: (s.role_id, s.via_group or "", s.mapped_role))
    return result


async def user_role_sources(user_ids: list[str]) -> dict[str, list[RoleSource]]:
    """Each user's effective roles with their paths."""
    return await _sources(list(user_ids), users=True)


async def group_role_sources(group_ids: list[str]) -> dict[str, list[RoleSource]]:
    """Each group's effective roles with their paths (its own mappings count as direct)."""
    return await _sources(list(group_ids), users=False)
