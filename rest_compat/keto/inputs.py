"""Keto's JSON documents as the resolvers' typed inputs. A value no typed input can hold is refused here,
in the words the engine uses for it; every other rule is the resolvers'."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.acp.engine import EFFECTS
from core.errors import InvalidInput
from resolvers.acp.policies import PolicyInput
from resolvers.acp.roles import RoleInput


def _optional_id(doc: Mapping[str, Any], message: str) -> str | None:
    value = doc.get("id")
    if value in (None, ""):
        return None  # Keto gives a new UUID
    if not isinstance(value, str):
        raise InvalidInput(message, field="id")
    return value


def _description(doc: Mapping[str, Any]) -> str:
    value = doc.get("description")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput("description must be a string", field="description")
    return value


def _patterns(doc: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = doc.get(name)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InvalidInput(f"{name} must be a list of strings", field=name)
    for item in value:
        if not isinstance(item, str):
            raise InvalidInput(f"{name}: pattern {item!r} is not a string", field=name)
    return tuple(value)


def members(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput("members must be a list of strings", field="members")
    return tuple(value)


def policy_input(doc: Mapping[str, Any]) -> PolicyInput:
    """An ``oryAccessControlPolicy``; unknown keys (``meta``) are ignored, as Go's JSON decoding does."""
    policy_id = _optional_id(doc, "id is required and must be a non-empty string")
    description = _description(doc)
    effect = doc.get("effect")
    if effect not in EFFECTS:
        raise InvalidInput(f"effect must be 'allow' or 'deny', got {effect!r}", field="effect")
    subjects, resources, actions = (_patterns(doc, name) for name in ("subjects", "resources", "actions"))
    conditions = doc.get("conditions")
    if conditions is None:
        conditions = {}
    if not isinstance(conditions, Mapping):
        raise InvalidInput("conditions must be an object", field="conditions")
    return PolicyInput(
        id=policy_id,
        description=description,
        effect=str(effect),
        subjects=subjects,
        resources=resources,
        actions=actions,
        conditions=conditions,
    )


def role_input(doc: Mapping[str, Any]) -> RoleInput:
    """An ``oryAccessControlPolicyRole``; its members become exactly ``members``."""
    role_id = _optional_id(doc, "id must be a string")
    description = _description(doc)
    return RoleInput(id=role_id, description=description, members=members(doc.get("members")))
