"""ACP queries: policies, roles and decisions."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from core.acp import AcpPolicy as Policy
from resolvers.acp import decisions, policies, roles
from schema.acp.types import (
    AcpDecision,
    AcpExplain,
    AcpFlavor,
    AcpPolicy,
    AcpPolicyConnection,
    AcpRole,
    AcpRoleConnection,
)
from schema.kit.context import Info
from schema.kit.inputs import json_object
from schema.kit.node import found_or_none
from schema.kit.relay import After, First, paginate


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
        total = 0

        async def fetch(start: int, limit: int) -> list[Policy]:
            nonlocal total
            rows, total = await policies.list_policies(
                info.context.actor,
                flavor.value,
                subject=subject,
                resource=resource,
                action=action,
                limit=limit,
                offset=start,
            )
            return rows

        page = await paginate(fetch, first, after)
        return AcpPolicyConnection.of(page.map(lambda p: AcpPolicy.of(flavor.value, p)), total)

    @strawberry.field(description="A policy by flavor and id; null when it does not exist.")
    async def acp_policy(self, info: Info, flavor: AcpFlavor, id: str) -> AcpPolicy | None:
        found = await found_or_none(policies.get_policy(info.context.actor, flavor.value, id))
        return AcpPolicy.of(flavor.value, found) if found else None

    @strawberry.field(description="Roles of a flavor; `member` keeps those having it as a member.")
    async def acp_roles(
        self,
        info: Info,
        flavor: AcpFlavor,
        member: str | None = None,
        first: First = None,
        after: After = None,
    ) -> AcpRoleConnection:
        page = await paginate(
            lambda start, limit: roles.list_roles(
                info.context.actor, flavor.value, member=member, limit=limit, offset=start
            ),
            first,
            after,
        )
        return AcpRoleConnection.of(page.map(AcpRole.of))

    @strawberry.field(description="A role by flavor and id; null when it does not exist.")
    async def acp_role(self, info: Info, flavor: AcpFlavor, id: str) -> AcpRole | None:
        found = await found_or_none(roles.get_role(info.context.actor, flavor.value, id))
        return AcpRole.of(found) if found else None

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
            info.context.actor, flavor.value, subject, resource, action, json_object(context, "context")
        )
        return AcpDecision(
            allowed=decision.allowed,
            explain=AcpExplain(matched=list(decision.matched), deciding=decision.deciding),
        )
