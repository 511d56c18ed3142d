"""Group queries."""

from __future__ import annotations

import strawberry

from resolvers.groups import tree as groups
from resolvers.groups.views import GroupNode
from schema.groups.types import Group
from schema.kit.context import Info
from schema.kit.node import found_or_none
from schema.kit.relay import After, Connection, First, paginate


@strawberry.type
class GroupQuery:
    @strawberry.field(description="Groups of a realm: top-level ones, or those whose name contains `search`.")
    async def groups(
        self, info: Info, realm: str, search: str | None = None, first: First = None, after: After = None
    ) -> Connection[Group]:
        actor = info.context.actor

        async def fetch(start: int, limit: int) -> list[GroupNode]:
            return await groups.list_groups(
                actor, realm, search=search, first=start, max_=limit, populate_hierarchy=False
            )

        page = await paginate(fetch, first, after)
        return Connection.of(
            page.map(lambda n: Group(model=n.group)),
            lambda: groups.count_groups(actor, realm, search=search, top=True),
        )

    @strawberry.field(description="A group by id or by path; null when it does not exist.")
    async def group(
        self, info: Info, realm: str, id: str | None = None, path: str | None = None
    ) -> Group | None:
        actor = info.context.actor
        read = (
            groups.group_by_path(actor, realm, path)
            if path is not None
            else groups.get_group(actor, realm, id or "")
        )
        found = await found_or_none(read)
        return Group(model=found.group) if found else None
