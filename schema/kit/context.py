"""Per-request GraphQL context: the caller, the public base URL and this request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.types import Info as StrawberryInfo

from resolvers.kit.actor import Actor
from schema.kit.loaders import Loaders


@dataclass
class Context:
    actor: Actor | None
    base_url: str
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.actor)


Info = StrawberryInfo[Context, None]
