"""ACP mutations: policies, roles and role members."""

from __future__ import annotations

import strawberry

from core.errors import NotFound
from resolvers.acp import policies, roles
from schema.acp.inputs import AcpPolicyInput, AcpRoleInput
from schema.acp.types import AcpFlavor, AcpPolicy, AcpRole
from schema.kit.context import Info
from schema.kit.mutations import MutationError, OkPayload, mutation


@strawberry.type
class AcpPolicyPayload:
    policy: AcpPolicy | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class AcpRolePayload:
    role: AcpRole | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class AcpMutation:
    @mutation(description="Create or replace a policy.")
    async def acp_policy_upsert(
        self, info: Info, flavor: AcpFlavor, input: AcpPolicyInput
    ) -> AcpPolicyPayload:
        policy = await policies.upsert_policy(info.context.actor, flavor.value, input.typed())
        return AcpPolicyPayload(policy=AcpPolicy.of(flavor.value, policy))

    @mutation(description="Delete a policy; NOT_FOUND when it does not exist.")
    async def acp_policy_delete(self, info: Info, flavor: AcpFlavor, id: str) -> OkPayload:
        if not await policies.delete_policy(info.context.actor, flavor.value, id):
            raise NotFound("Policy not found")
        return OkPayload(ok=True, deleted_id=id)

    @mutation(description="Create or replace a role.")
    async def acp_role_upsert(self, info: Info, flavor: AcpFlavor, input: AcpRoleInput) -> AcpRolePayload:
        role = await roles.upsert_role(info.context.actor, flavor.value, input.typed())
        return AcpRolePayload(role=AcpRole.of(role))

    @mutation(description="Delete a role; NOT_FOUND when it does not exist.")
    async def acp_role_delete(self, info: Info, flavor: AcpFlavor, id: str) -> OkPayload:
        if not await roles.delete_role(info.context.actor, flavor.value, id):
            raise NotFound("Role not found")
        return OkPayload(ok=True, deleted_id=id)

    @mutation(description="Add members to a role, creating it when missing.")
    async def acp_role_members_add(
        self, info: Info, flavor: AcpFlavor, id: str, members: list[str]
    ) -> AcpRolePayload:
        role = await roles.role_members_add(info.context.actor, flavor.value, id, tuple(members))
        return AcpRolePayload(role=AcpRole.of(role))

    @mutation(description="Remove a member from a role.")
    async def acp_role_member_remove(
        self, info: Info, flavor: AcpFlavor, id: str, member: str
    ) -> AcpRolePayload:
        role = await roles.role_member_remove(info.context.actor, flavor.value, id, member)
        return AcpRolePayload(role=AcpRole.of(role))
