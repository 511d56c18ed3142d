"""Group mutations: the tree and its membership."""

from __future__ import annotations

import strawberry

from resolvers.groups import tree as groups
from schema.groups.inputs import GroupInput
from schema.groups.types import Group
from schema.kit.context import Info
from schema.kit.inputs import json_object_or_none
from schema.kit.mutations import MutationError, OkPayload, mutation


@strawberry.type
class GroupPayload:
    group: Group | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class GroupMutation:
    @mutation(description="Create a group, top-level or under `parentId`.")
    async def group_create(
        self, info: Info, realm: str, input: GroupInput, parent_id: str | None = None
    ) -> GroupPayload:
        made = await groups.create_group(
            info.context.actor,
            realm,
            input.name,
            parent_id=parent_id,
            attributes=json_object_or_none(input.attributes, "attributes"),
        )
        return GroupPayload(group=Group(model=made))

    @mutation()
    async def group_update(self, info: Info, realm: str, id: str, input: GroupInput) -> GroupPayload:
        changed = await groups.update_group(
            info.context.actor,
            realm,
            id,
            name=input.name,
            attributes=json_object_or_none(input.attributes, "attributes"),
        )
        return GroupPayload(group=Group(model=changed))

    @mutation(description="Move a group under `parentId`, or to the top level when it is null.")
    async def group_move(self, info: Info, realm: str, id: str, parent_id: str | None = None) -> GroupPayload:
        moved = await groups.move_group(info.context.actor, realm, id, parent_id)
        return GroupPayload(group=Group(model=moved))

    @mutation()
    async def group_delete(self, info: Info, realm: str, id: str) -> OkPayload:
        await groups.delete_group(info.context.actor, realm, id)
        return OkPayload(ok=True, deleted_id=id)

    @mutation()
    async def user_group_join(self, info: Info, realm: str, user_id: str, group_id: str) -> GroupPayload:
        joined = await groups.join_group(info.context.actor, realm, user_id, group_id)
        return GroupPayload(group=Group(model=joined))

    @mutation()
    async def user_group_leave(self, info: Info, realm: str, user_id: str, group_id: str) -> GroupPayload:
        left = await groups.leave_group(info.context.actor, realm, user_id, group_id)
        return GroupPayload(group=Group(model=left))
