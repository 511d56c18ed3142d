"""DataLoaders, one set per request: batch results line up with their keys, ``None`` for misses."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from models import Realm
from resolvers.kit.actor import Actor
from resolvers.realms import crud as realms
from resolvers.users import loaders as users


class Loaders:
    def __init__(self, actor: Actor | None) -> None:
        self.actor = actor
        self.realm_by_id: DataLoader[str, Realm | None] = DataLoader(self._realms)
        self.user_attributes: DataLoader[str, dict[str, list[str]]] = DataLoader(self._attributes)

    async def _realms(self, ids: list[str]) -> list[Realm | None]:
        return await realms.realms_by_ids(self.actor, ids)

    async def _attributes(self, ids: list[str]) -> list[dict[str, list[str]]]:
        found = await users.attributes_of(ids)
        return [found.get(i, {}) for i in ids]
