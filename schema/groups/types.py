"""The Group type."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from models import Group as GroupModel
from resolvers.kit.attributes import visible_attributes
from schema.groups.dataloaders import group_children, group_member_ids, groups_by_ids, visible_groups
from schema.kit.context import Info
from schema.kit.node import Node, register_node
from schema.kit.relay import After, Connection, First, Page, paginate
from schema.roles.dataloaders import group_direct_roles, group_effective_roles
from schema.roles.sources import EffectiveRoleSource, group_role_sources
from schema.roles.types import Role
from schema.users.dataloaders import users_by_ids
from schema.users.types import User


@strawberry.type(description="A group of the realm's group tree.")
class Group(Node):
    model: strawberry.Private[GroupModel]

    def node_key(self) -> str:
        return self.model.id

    @strawberry.field(description="The group's own id (Keycloak's `id`).")
    def group_id(self) -> str:
        return self.model.id

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field(description="The full path, like /parent/child.")
    def path(self) -> str:
        return self.model.path

    @strawberry.field(description="Attribute name to its values.")
    def attributes(self) -> JSON:
        return JSON(visible_attributes(self.model.attributes))

    @strawberry.field
    async def parent(self, info: Info) -> Group | None:
        if self.model.parent_id is None:
            return None
        found = await info.context.loaders.get(groups_by_ids).load(self.model.parent_id)
        return Group(model=found) if found else None

    @strawberry.field(description="The direct children, by name.")
    async def sub_groups(self, info: Info) -> list[Group]:
        found = await info.context.loaders.get(group_children).load(self.model.id)
        return [Group(model=g) for g in found]

    @strawberry.field(description="The direct members, by username.")
    async def members(self, info: Info, first: First = None, after: After = None) -> Connection[User]:
        loaders = info.context.loaders
        member_ids = await loaders.get(group_member_ids).load(self.model.id)
        page = await paginate(member_ids, first, after)
        found = await loaders.get(users_by_ids).load_many(list(page.nodes))
        users = Page([User(model=u) for u in found if u is not None], page.start, page.has_next)
        return Connection.of(users, len(member_ids))

    @strawberry.field(description="Roles mapped to this group directly.")
    async def role_mappings(self, info: Info) -> list[Role]:
        found = await info.context.loaders.get(group_direct_roles).load(self.model.id)
        return [Role(model=r) for r in found]

    @strawberry.field(
        description="Every role members get from this group: its own, its ancestors', composites."
    )
    async def effective_roles(self, info: Info) -> list[Role]:
        found = await info.context.loaders.get(group_effective_roles).load(self.model.id)
        return [Role(model=r) for r in found]

    @strawberry.field(
        description="Each role the group's members get from it with every path it comes by: mapped to the "
        "group (DIRECT, COMPOSITE) or to an ancestor group (ANCESTOR_GROUP)."
    )
    async def effective_role_sources(self, info: Info) -> list[EffectiveRoleSource]:
        return await info.context.loaders.get(group_role_sources).load(self.model.id)


# A group is visible to a caller with view-users in its realm (the rule of groups.get_group).
register_node(Group, visible_groups, lambda model: Group(model=model))
