"""Keto v0.5 representations; each mapper lists every field it emits."""

from __future__ import annotations

from typing import Any

from core.acp import AcpPolicy as Policy
from core.acp import Decision
from resolvers.acp.roles import RoleView


def to_policy(policy: Policy) -> dict[str, Any]:
    """``oryAccessControlPolicy``."""
    return {
        "id": policy.id,
        "description": policy.description,
        "subjects": list(policy.subjects),
        "resources": list(policy.resources),
        "actions": list(policy.actions),
        "effect": policy.effect,
        "conditions": {name: dict(options) for name, options in policy.conditions.items()},
    }


def to_role(role: RoleView) -> dict[str, Any]:
    """``oryAccessControlPolicyRole``; ``description`` (an addition of this store) only when set."""
    rep: dict[str, Any] = {"id": role.id, "members": list(role.members)}
    if role.description:
        rep["description"] = role.description
    return rep


def to_authorization_result(decision: Decision) -> dict[str, Any]:
    """``authorizationResult``."""
    return {"allowed": decision.allowed}
