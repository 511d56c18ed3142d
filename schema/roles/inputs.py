"""Role inputs."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON


@strawberry.input
class RoleInput:
    name: str | None = None
    description: str | None = None
    attributes: JSON | None = None
