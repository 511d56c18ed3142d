"""Group inputs."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON


@strawberry.input
class GroupInput:
    name: str
    attributes: JSON | None = None
