"""ACP inputs, read into the typed inputs the ACP resolvers take."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.acp.policies import PolicyInput
from resolvers.acp.roles import RoleInput
from schema.kit.inputs import json_object


@strawberry.input(description="A policy; a missing id gets a new UUID.")
class AcpPolicyInput:
    id: str | None = None
    description: str | None = None
    subjects: list[str] = strawberry.field(default_factory=list)
    resources: list[str] = strawberry.field(default_factory=list)
    actions: list[str] = strawberry.field(default_factory=list)
    effect: str = strawberry.field(description="`allow` or `deny`.")
    conditions: JSON | None = None

    def typed(self) -> PolicyInput:
        return PolicyInput(
            id=self.id or None,
            description=self.description or "",
            subjects=tuple(self.subjects),
            resources=tuple(self.resources),
            actions=tuple(self.actions),
            effect=self.effect,
            conditions=json_object(self.conditions, "conditions"),
        )


@strawberry.input(description="A role; a missing id gets a new UUID. Its members become exactly `members`.")
class AcpRoleInput:
    id: str | None = None
    description: str | None = None
    members: list[str] = strawberry.field(default_factory=list)

    def typed(self) -> RoleInput:
        return RoleInput(id=self.id or None, description=self.description or "", members=tuple(self.members))
