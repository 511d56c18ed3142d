"""Role mutations: roles, composites and the role mappings of users and groups."""

from __future__ import annotations

import strawberry

from resolvers.roles import composites as role_composites
from resolvers.roles import crud as role_admin
from resolvers.roles import mappings as role_mappings
from resolvers.roles.views import RoleAddress, RoleFields, RoleRef
from schema.kit.context import Info
from schema.kit.inputs import json_object_or_none
from schema.kit.mutations import MutationError, OkPayload, mutation
from schema.roles.inputs import RoleInput
from schema.roles.types import Role


@strawberry.type
class RolePayload:
    role: Role | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


def _role_fields(data: RoleInput) -> RoleFields:
    return RoleFields(
        name=data.name,
        description=data.description,
        attributes=json_object_or_none(data.attributes, "attributes"),
    )


@strawberry.type
class RoleMutation:
    @mutation(description="Create a realm role, or a client role when `clientUuid` is given.")
    async def role_create(
        self, info: Info, realm: str, input: RoleInput, client_uuid: str | None = None
    ) -> RolePayload:
        made = await role_admin.create_role(info.context.actor, realm, client_uuid, _role_fields(input))
        return RolePayload(role=Role(model=made))

    @mutation()
    async def role_update(self, info: Info, realm: str, id: str, input: RoleInput) -> RolePayload:
        changed = await role_admin.update_role(
            info.context.actor, realm, RoleAddress(role_id=id), _role_fields(input)
        )
        return RolePayload(role=Role(model=changed))

    @mutation()
    async def role_delete(self, info: Info, realm: str, id: str) -> OkPayload:
        await role_admin.delete_role(info.context.actor, realm, RoleAddress(role_id=id))
        return OkPayload(ok=True, deleted_id=id)

    @mutation()
    async def role_composites_add(self, info: Info, realm: str, id: str, role_ids: list[str]) -> RolePayload:
        role = await role_composites.add_composites(
            info.context.actor, realm, RoleAddress(role_id=id), [RoleRef(id=r) for r in role_ids]
        )
        return RolePayload(role=Role(model=role))

    @mutation()
    async def role_composites_remove(
        self, info: Info, realm: str, id: str, role_ids: list[str]
    ) -> RolePayload:
        role = await role_composites.remove_composites(
            info.context.actor, realm, RoleAddress(role_id=id), [RoleRef(id=r) for r in role_ids]
        )
        return RolePayload(role=Role(model=role))

    @mutation(description="Map roles (realm and client roles, by id) to a user.")
    async def user_role_mappings_add(
        self, info: Info, realm: str, user_id: str, role_ids: list[str]
    ) -> OkPayload:
        await role_mappings.change_by_ids(info.context.actor, realm, "user", user_id, role_ids, grant=True)
        return OkPayload(ok=True)

    @mutation()
    async def user_role_mappings_remove(
        self, info: Info, realm: str, user_id: str, role_ids: list[str]
    ) -> OkPayload:
        await role_mappings.change_by_ids(info.context.actor, realm, "user", user_id, role_ids, grant=False)
        return OkPayload(ok=True)

    @mutation(description="Map roles (realm and client roles, by id) to a group.")
    async def group_role_mappings_add(
        self, info: Info, realm: str, group_id: str, role_ids: list[str]
    ) -> OkPayload:
        await role_mappings.change_by_ids(info.context.actor, realm, "group", group_id, role_ids, grant=True)
        return OkPayload(ok=True)

    @mutation()
    async def group_role_mappings_remove(
        self, info: Info, realm: str, group_id: str, role_ids: list[str]
    ) -> OkPayload:
        await role_mappings.change_by_ids(info.context.actor, realm, "group", group_id, role_ids, grant=False)
        return OkPayload(ok=True)
