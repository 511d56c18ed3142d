"""ACP policy, role and decision types."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.scalars import JSON

from core.acp import AcpPolicy as Policy
from resolvers.acp.roles import RoleView
from schema.acp.dataloaders import visible_policies, visible_roles
from schema.kit.node import Node, register_node
from schema.kit.relay import Page, PageInfo


@strawberry.enum(description="The pattern language of a policy set: each flavor is its own namespace.")
class AcpFlavor(Enum):
    EXACT = "exact"
    GLOB = "glob"
    REGEX = "regex"


@strawberry.type(description="An ORY access control policy (Keto v0.5 `oryAccessControlPolicy`).")
class AcpPolicy(Node):
    policy_id: str = strawberry.field(description="The policy's own id (Keto's `id`).")
    flavor: AcpFlavor
    description: str
    subjects: list[str]
    resources: list[str]
    actions: list[str]
    effect: str
    conditions: JSON

    def node_key(self) -> str:
        return f"{self.flavor.value}/{self.policy_id}"

    @classmethod
    def of(cls, flavor: str, policy: Policy) -> AcpPolicy:
        return cls(
            policy_id=policy.id,
            flavor=AcpFlavor(flavor),
            description=policy.description,
            subjects=list(policy.subjects),
            resources=list(policy.resources),
            actions=list(policy.actions),
            effect=policy.effect,
            conditions=JSON({k: dict(v) for k, v in policy.conditions.items()}),
        )


@strawberry.type(description="An ORY access control role: its id can stand as a subject in policies.")
class AcpRole(Node):
    role_id: str = strawberry.field(description="The role's own id (Keto's `id`).")
    flavor: AcpFlavor
    description: str
    members: list[str]

    def node_key(self) -> str:
        return f"{self.flavor.value}/{self.role_id}"

    @classmethod
    def of(cls, role: RoleView) -> AcpRole:
        return cls(
            role_id=role.id,
            flavor=AcpFlavor(role.flavor),
            description=role.description,
            members=list(role.members),
        )


# Keyed by flavor and id; visible to a caller with view-authorization in the Keto realm.
register_node(AcpPolicy, visible_policies, lambda found: AcpPolicy.of(*found))
register_node(AcpRole, visible_roles, AcpRole.of)


@strawberry.type
class AcpPolicyEdge:
    cursor: str
    node: AcpPolicy


@strawberry.type
class AcpPolicyConnection:
    edges: list[AcpPolicyEdge]
    page_info: PageInfo
    total_count: int

    @classmethod
    def of(cls, page: Page[AcpPolicy], total: int) -> AcpPolicyConnection:
        edges = [AcpPolicyEdge(cursor=c, node=n) for c, n in zip(page.cursors(), page.nodes, strict=True)]
        return cls(edges=edges, page_info=page.page_info(), total_count=total)


@strawberry.type
class AcpRoleEdge:
    cursor: str
    node: AcpRole


@strawberry.type
class AcpRoleConnection:
    edges: list[AcpRoleEdge]
    page_info: PageInfo

    @classmethod
    def of(cls, page: Page[AcpRole]) -> AcpRoleConnection:
        edges = [AcpRoleEdge(cursor=c, node=n) for c, n in zip(page.cursors(), page.nodes, strict=True)]
        return cls(edges=edges, page_info=page.page_info())


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
