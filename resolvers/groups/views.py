"""The group as the faces read it: a tree node with its children as far as a read populated them, its
direct roles when the read is not brief, and what the caller may do with groups."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from models import Group, Role
from resolvers.groups.loaders import sub_group_counts
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.roles.mappings import direct_roles_of


@dataclass
class GroupNode:
    """A group as a tree node: its children as far as a listing populated them, and how many it has.
    ``roles`` (directly mapped, client loaded) are filled when the read is not brief; ``access`` is
    ``None`` when the read does not report it."""

    group: Group
    sub_group_count: int = 0
    sub_groups: list[GroupNode] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    access: Mapping[str, bool] | None = None


async def nodes(groups: Sequence[Group]) -> list[GroupNode]:
    """Nodes of ``groups`` with their children counted, in one query."""
    counts = await sub_group_counts([g.id for g in groups])
    return [GroupNode(group=g, sub_group_count=counts[g.id]) for g in groups]


def walk(found: Iterable[GroupNode]) -> list[GroupNode]:
    """Every node of the trees, parents before children."""
    out: list[GroupNode] = []
    for node in found:
        out.append(node)
        out.extend(walk(node.sub_groups))
    return out


async def detailed(
    found: list[GroupNode], actor: Actor | None, realm_name: str, *, brief: bool
) -> list[GroupNode]:
    """``found`` with what the caller may do on every node, and each node's direct roles unless
    ``brief`` (one query for all of them)."""
    every = walk(found)
    access = rights.access_of(actor, realm_name, "group") if actor is not None else None
    roles = {} if brief else await direct_roles_of("group", [n.group.id for n in every])
    for node in every:
        node.access = access
        node.roles = roles.get(node.group.id, [])
    return found
