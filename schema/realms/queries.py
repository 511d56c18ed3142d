"""Realm queries."""

from __future__ import annotations

import strawberry

from resolvers.realms import crud as realms
from schema.kit.context import Info
from schema.kit.node import found_or_none
from schema.kit.relay import After, Connection, First, paginate
from schema.realms.types import Realm


@strawberry.type
class RealmQuery:
    @strawberry.field(description="Realms the caller may administer.")
    async def realms(self, info: Info, first: First = None, after: After = None) -> Connection[Realm]:
        rows = await realms.list_realms(info.context.actor)
        page = await paginate(rows, first, after)
        return Connection.of(page.map(lambda v: Realm(view=v)), len(rows))

    @strawberry.field(description="A realm by name; null when it does not exist.")
    async def realm(self, info: Info, name: str) -> Realm | None:
        found = await found_or_none(realms.get_realm(info.context.actor, name))
        return Realm(view=found) if found else None
