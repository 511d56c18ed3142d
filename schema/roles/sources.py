"""Effective roles with their sources: each role an owner holds, and by which path."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import Group as GroupModel
from models import Role as RoleModel
from resolvers.groups.loaders import groups_by_ids
from resolvers.kit.actor import Actor
from resolvers.roles import sources
from resolvers.roles.effective import roles_by_ids
from schema.kit.node import as_node
from schema.roles.types import Role

if TYPE_CHECKING:
    from schema.groups.types import Group


@strawberry.enum(description="How an effective role reaches its holder.")
class RoleSourceKind(Enum):
    DIRECT = strawberry.enum_value("DIRECT", description="Mapped to the holder itself.")
    COMPOSITE = strawberry.enum_value(
        "COMPOSITE", description="Contained in a composite role mapped to the holder itself."
    )
    GROUP = strawberry.enum_value(
        "GROUP", description="Mapped to a group the holder is in (or contained in a composite mapped to it)."
    )
    ANCESTOR_GROUP = strawberry.enum_value(
        "ANCESTOR_GROUP",
        description="Mapped to an ancestor of a group the holder is in (or contained in a composite mapped "
        "to it).",
    )


@strawberry.type(description="One path by which a user or a group holds a role.")
class EffectiveRoleSource:
    role_model: strawberry.Private[RoleModel]
    composite_model: strawberry.Private[RoleModel | None]
    group_model: strawberry.Private[GroupModel | None]
    member_model: strawberry.Private[GroupModel | None]

    @strawberry.field(description="The role held.")
    def role(self) -> Role:
        return Role(model=self.role_model)

    @strawberry.field(description="What kind of path this is.")
    def kind(self) -> RoleSourceKind:
        if self.group_model is None:
            return RoleSourceKind.DIRECT if self.composite_model is None else RoleSourceKind.COMPOSITE
        same = self.member_model is not None and self.member_model.id == self.group_model.id
        return RoleSourceKind.GROUP if same else RoleSourceKind.ANCESTOR_GROUP

    @strawberry.field(
        description="The mapped composite role containing the role; null when it is mapped itself."
    )
    def through_composite(self) -> Role | None:
        return None if self.composite_model is None else Role(model=self.composite_model)

    @strawberry.field(description="The group whose mapping this is; null for a mapping of the holder itself.")
    def through_group(self) -> Annotated[Group, strawberry.lazy("schema.groups.types")] | None:
        return None if self.group_model is None else as_node("Group", self.group_model)

    @strawberry.field(
        description="The group the user is in through which the mapping reaches it: `throughGroup` itself, "
        "or a descendant of it for an ancestor's mapping; null for a mapping of the holder itself."
    )
    def member_of(self) -> Annotated[Group, strawberry.lazy("schema.groups.types")] | None:
        return None if self.member_model is None else as_node("Group", self.member_model)


async def _resolved(
    found: dict[str, list[sources.RoleSource]], ids: list[str]
) -> list[list[EffectiveRoleSource]]:
    every = [s for key in ids for s in found[key]]
    roles = await roles_by_ids({s.role_id for s in every} | {s.mapped_role for s in every})
    groups = await groups_by_ids(list({g for s in every for g in (s.via_group, s.member_group) if g}))
    return [
        [
            EffectiveRoleSource(
                role_model=roles[s.role_id],
                composite_model=roles[s.mapped_role] if s.through_composite else None,
                group_model=groups.get(s.via_group) if s.via_group else None,
                member_model=groups.get(s.member_group) if s.member_group else None,
            )
            for s in found[key]
            if s.role_id in roles and s.mapped_role in roles
        ]
        for key in ids
    ]


async def user_role_sources(actor: Actor | None, ids: list[str]) -> list[list[EffectiveRoleSource]]:
    return await _resolved(await sources.user_role_sources(ids), ids)


async def group_role_sources(actor: Actor | None, ids: list[str]) -> list[list[EffectiveRoleSource]]:
    return await _resolved(await sources.group_role_sources(ids), ids)
