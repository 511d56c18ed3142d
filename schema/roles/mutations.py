"""Role mutations: roles, composites and the role mappings of users and groups."""

from __future__ import annotations

import strawberry

from resolvers.roles import crud as role_admin
from resolvers.roles import mappings as role_mappings
from resolvers.roles.crud import RoleRef
from schema.kit.context import Info
from schema.kit.inputs import json_object_or_none
from schema.kit.mutations import MutationError, OkPayload, mutation
from schema.roles.inputs import RoleInput
from schema.roles.types import Role


@strawberry.type
class RolePayload:
    role: Role | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class RoleMutation:
    @mutation(description="Create a realm role, or a client role when `clientUuid` is given.")
    async def role_create(
        self, info: Info, realm: str, input: RoleInput, client_uuid: str | None = None
    ) -> RolePayload:
        made = await role_admin.create_role(
            info.context.actor,
            realm,
            client_uuid,
            input.name,
            description=input.description,
            attributes=json_object_or_none(input.attributes, "attributes"),
        )
        return RolePayload(role=Role(model=made))

    @mutation()
    async def role_update(self, info: Info, realm: str, id: str, input: RoleInput) -> RolePayload:
        actor = info.context.actor
        role = await role_admin.get_role_by_id(actor, realm, id)
        changed = await role_admin.update_role(
            actor,
            realm,
            role,
            name=input.name,
            description=input.description,
            attributes=json_object_or_none(input.attributes, "attributes"),
        )
        return RolePayload(role=Role(model=changed))

    @mutation()
    async def role_delete(self, info: Info, realm: str, id: str) -> OkPayload:
        actor = info.context.actor
        await role_admin.delete_role(actor, realm, await role_admin.get_role_by_id(actor, realm, id))
        return OkPayload(ok=True, deleted_id=id)

    @mutation()
    async def role_composites_add(self, info: Info, realm: str, id: str, role_ids: list[str]) -> RolePayload:
        actor = info.context.actor
        role = await role_admin.get_role_by_id(actor, realm, id)
        await role_admin.add_composites(actor, realm, role, [RoleRef(id=r) for r in role_ids])
        return RolePayload(role=Role(model=role))

    @mutation()
    async def role_composites_remove(
        self, info: Info, realm: str, id: str, role_ids: list[str]
    ) -> RolePayload:
        actor = info.context.actor
        role = await role_admin.get_role_by_id(actor, realm, id)
        await role_admin.remove_composites(actor, realm, role, [RoleRef(id=r) for r in role_ids])
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
