"""ACP inputs, read into the policy and role documents the ACP resolvers take."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON


@strawberry.input(description="A policy; a missing id gets a new UUID.")
class AcpPolicyInput:
    id: str | None = None
    description: str | None = None
    subjects: list[str] = strawberry.field(default_factory=list)
    resources: list[str] = strawberry.field(default_factory=list)
    actions: list[str] = strawberry.field(default_factory=list)
    effect: str = strawberry.field(description="`allow` or `deny`.")
    conditions: JSON | None = None

    def document(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "description": self.description,
            "subjects": self.subjects,
            "resources": self.resources,
            "actions": self.actions,
            "effect": self.effect,
            "conditions": self.conditions,
        }


@strawberry.input(description="A role; a missing id gets a new UUID. Its members become exactly `members`.")
class AcpRoleInput:
    id: str | None = None
    description: str | None = None
    members: list[str] = strawberry.field(default_factory=list)

    def document(self) -> dict[str, Any]:
        return {"id": self.id, "description": self.description, "members": self.members}
