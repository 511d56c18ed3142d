"""ORY access control policies and roles (the Keto v0.5 engine) in the graph: queries, decisions with
their explanation, and mutations. They live in the realm the Keto dialect serves."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from core.acp import AcpPolicy as Policy
from core.errors import DomainError, InvalidInput, NotFound
from resolvers.acp import decisions, policies, roles
from schema.context import Info
from schema.errors import MutationError, as_mutation_error
from schema.relay import After, First, PageInfo, cursor, offset_of, page_info, page_size


@strawberry.enum(description="The pattern language of a policy set: each flavor is its own namespace.")
class AcpFlavor(Enum):
    EXACT = "exact"
    GLOB = "glob"
    REGEX = "regex"


@strawberry.type(description="An ORY access control policy (Keto v0.5 `oryAccessControlPolicy`).")
class AcpPolicy:
    id: str
    flavor: AcpFlavor
    description: str
    subjects: list[str]
    resources: list[str]
    actions: list[str]
    effect: str
    conditions: JSON

    @classmethod
    def of(cls, flavor: str, policy: Policy) -> AcpPolicy:
        return cls(
            id=policy.id,
            flavor=AcpFlavor(flavor),
            description=policy.description,
            subjects=list(policy.subjects),
            resources=list(policy.resources),
            actions=list(policy.actions),
            effect=policy.effect,
            conditions={k: dict(v) for k, v in policy.conditions.items()},
        )


@strawberry.type(description="An ORY access control role: its id can stand as a subject in policies.")
class AcpRole:
    id: str
    flavor: AcpFlavor
    description: str
    members: list[str]

    @classmethod
    def of(cls, role: roles.RoleView) -> AcpRole:
        return cls(
            id=role.id,
            flavor=AcpFlavor(role.flavor),
            description=role.description,
            members=list(role.members),
        )


@strawberry.type
class AcpPolicyEdge:
    cursor: str
    node: AcpPolicy


@strawberry.type
class AcpPolicyConnection:
    edges: list[AcpPolicyEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class AcpRoleEdge:
    cursor: str
    node: AcpRole


@strawberry.type
class AcpRoleConnection:
    edges: list[AcpRoleEdge]
    page_info: PageInfo


@strawberry.type(description="Why a decision came out as it did.")
class AcpExplain:
    matched: list[str] = strawberry.field(description="Ids of the policies that matched, in storage order.")
    deciding: str | None = strawberry.field(
        description="The policy that decided: the first matching deny, else the first matching allow."
    )


@strawberry.type
class AcpDecision:
    allowed: bool
    explain: AcpExplain


@strawberry.input(description="A policy; a missing id gets a new UUID.")
class AcpPolicyInput:
    id: str | None = None
    description: str | None = None
    subjects: list[str] = strawberry.field(default_factory=list)
    resources: list[str] = strawberry.field(default_factory=list)
    actions: list[str] = strawberry.field(default_factory=list)
    effect: str = strawberry.field(description="`allow` or `deny`.")
    conditions: JSON | None = None


@strawberry.input(description="A role; a missing id gets a new UUID. Its members become exactly `members`.")
class AcpRoleInput:
    id: str | None = None
    description: str | None = None
    members: list[str] = strawberry.field(default_factory=list)


@strawberry.type
class AcpPolicyPayload:
    policy: AcpPolicy | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class AcpRolePayload:
    role: AcpRole | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class AcpDeletePayload:
    deleted_id: str | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


def _policy_input(value: AcpPolicyInput) -> policies.PolicyInput:
    conditions = {} if value.conditions is None else value.conditions
    if not isinstance(conditions, dict):
        raise InvalidInput("conditions must be an object", field="conditions")
    return policies.PolicyInput(
        id=value.id or None,
        description=value.description or "",
        subjects=tuple(value.subjects),
        resources=tuple(value.resources),
        actions=tuple(value.actions),
        effect=value.effect,
        conditions=conditions,
    )


def _context(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInput("context must be a JSON object", field="context")
    return value


@strawberry.type
class AcpQuery:
    @strawberry.field(description="Policies of a flavor; `subject` keeps those listing it verbatim.")
    async def acp_policies(
        self,
        info: Info,
        flavor: AcpFlavor,
        subject: str | None = None,
        resource: str | None = None,
        action: str | None = None,
        first: First = None,
        after: After = None,
    ) -> AcpPolicyConnection:
        start, size = offset_of(after), page_size(first)
        rows, total = await policies.list_policies(
            info.context.actor,
            flavor.value,
            subject=subject,
            resource=resource,
            action=action,
            limit=size,
            offset=start,
        )
        return AcpPolicyConnection(
            edges=[
                AcpPolicyEdge(cursor=cursor(start + i), node=AcpPolicy.of(flavor.value, p))
                for i, p in enumerate(rows)
            ],
            page_info=page_info(start, len(rows), start + len(rows) < total),
            total_count=total,
        )

    @strawberry.field(description="A policy by flavor and id; null when it does not exist.")
    async def acp_policy(self, info: Info, flavor: AcpFlavor, id: str) -> AcpPolicy | None:
        try:
            return AcpPolicy.of(flavor.value, await policies.get_policy(info.context.actor, flavor.value, id))
        except NotFound:
            return None

    @strawberry.field(description="Roles of a flavor; `member` keeps those having it as a member.")
    async def acp_roles(
        self,
        info: Info,
        flavor: AcpFlavor,
        member: str | None = None,
        first: First = None,
        after: After = None,
    ) -> AcpRoleConnection:
        start, size = offset_of(after), page_size(first)
        rows = await roles.list_roles(
            info.context.actor, flavor.value, member=member, limit=size + 1, offset=start
        )
        page = rows[:size]
        return AcpRoleConnection(
            edges=[AcpRoleEdge(cursor=cursor(start + i), node=AcpRole.of(r)) for i, r in enumerate(page)],
            page_info=page_info(start, len(page), len(rows) > size),
        )

    @strawberry.field(description="A role by flavor and id; null when it does not exist.")
    async def acp_role(self, info: Info, flavor: AcpFlavor, id: str) -> AcpRole | None:
        try:
            return AcpRole.of(await roles.get_role(info.context.actor, flavor.value, id))
        except NotFound:
            return None

    @strawberry.field(description="The roles, of every flavor, having a user (by username or id) as member.")
    async def acp_roles_of_user(self, info: Info, realm: str, user_id: str) -> list[AcpRole]:
        return [AcpRole.of(r) for r in await roles.roles_of_user(info.context.actor, realm, user_id)]

    @strawberry.field(description="Decide an access request, with the policies that matched and decided.")
    async def acp_allowed(
        self,
        info: Info,
        flavor: AcpFlavor,
        subject: str,
        resource: str,
        action: str,
        context: JSON | None = None,
    ) -> AcpDecision:
        decision = await decisions.allowed(
            info.context.actor, flavor.value, subject, resource, action, _context(context)
        )
        return AcpDecision(
            allowed=decision.allowed,
            explain=AcpExplain(matched=list(decision.matched), deciding=decision.deciding),
        )


@strawberry.type
class AcpMutation:
    @strawberry.mutation(description="Create or replace a policy.")
    async def acp_policy_upsert(
        self, info: Info, flavor: AcpFlavor, input: AcpPolicyInput
    ) -> AcpPolicyPayload:
        try:
            policy = await policies.upsert_policy(info.context.actor, flavor.value, _policy_input(input))
            return AcpPolicyPayload(policy=AcpPolicy.of(flavor.value, policy))
        except DomainError as exc:
            return AcpPolicyPayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation(description="Delete a policy; NOT_FOUND when it does not exist.")
    async def acp_policy_delete(self, info: Info, flavor: AcpFlavor, id: str) -> AcpDeletePayload:
        try:
            if not await policies.delete_policy(info.context.actor, flavor.value, id):
                raise NotFound("Policy not found")
            return AcpDeletePayload(deleted_id=id)
        except DomainError as exc:
            return AcpDeletePayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation(description="Create or replace a role.")
    async def acp_role_upsert(self, info: Info, flavor: AcpFlavor, input: AcpRoleInput) -> AcpRolePayload:
        role_input = roles.RoleInput(
            id=input.id or None, description=input.description or "", members=tuple(input.members)
        )
        try:
            role = await roles.upsert_role(info.context.actor, flavor.value, role_input)
            return AcpRolePayload(role=AcpRole.of(role))
        except DomainError as exc:
            return AcpRolePayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation(description="Delete a role; NOT_FOUND when it does not exist.")
    async def acp_role_delete(self, info: Info, flavor: AcpFlavor, id: str) -> AcpDeletePayload:
        try:
            if not await roles.delete_role(info.context.actor, flavor.value, id):
                raise NotFound("Role not found")
            return AcpDeletePayload(deleted_id=id)
        except DomainError as exc:
            return AcpDeletePayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation(description="Add members to a role, creating it when missing.")
    async def acp_role_members_add(
        self, info: Info, flavor: AcpFlavor, id: str, members: list[str]
    ) -> AcpRolePayload:
        try:
            role = await roles.role_members_add(info.context.actor, flavor.value, id, tuple(members))
            return AcpRolePayload(role=AcpRole.of(role))
        except DomainError as exc:
            return AcpRolePayload(errors=[as_mutation_error(exc)])

    @strawberry.mutation(description="Remove a member from a role.")
    async def acp_role_member_remove(
        self, info: Info, flavor: AcpFlavor, id: str, member: str
    ) -> AcpRolePayload:
        try:
            role = await roles.role_member_remove(info.context.actor, flavor.value, id, member)
            return AcpRolePayload(role=AcpRole.of(role))
        except DomainError as exc:
            return AcpRolePayload(errors=[as_mutation_error(exc)])
