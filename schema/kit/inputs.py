"""Reading GraphQL input values into what resolvers take."""

from __future__ import annotations

from typing import Any, TypeVar

import strawberry

from core.errors import InvalidInput

T = TypeVar("T")


def json_object(value: Any, name: str) -> dict[str, Any]:
    """A JSON argument that must be an object; null reads as an empty one."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInput(f"{name} must be a JSON object", field=name)
    return value


def json_object_or_none(value: Any, name: str) -> dict[str, Any] | None:
    """A JSON argument that must be an object when given; null stays ``None`` (the resolver keeps or
    defaults the value)."""
    return None if value is None else json_object(value, name)


def given(value: Any, unset: T) -> Any | T:
    """An optional input field: ``unset`` (the resolver's own marker) when the caller left it out."""
    return unset if value is strawberry.UNSET else value
