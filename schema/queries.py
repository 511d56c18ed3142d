"""The Query root."""

from __future__ import annotations

import strawberry

from core.errors import DomainError, NotFound
from resolvers.realms import crud as realms
from resolvers.users import crud as users
from resolvers.users.inputs import UserSearch
from schema.context import Info
from schema.relay import After, Connection, First, from_global_id
from schema.types import Node, Realm, User, attribute_filter, realm_connection, user_connection


@strawberry.type
class Query:
    @strawberry.field(description="Realms the caller may administer.")
    async def realms(self, info: Info, first: First = None, after: After = None) -> Connection[Realm]:
        return realm_connection(await realms.list_realms(info.context.actor), first, after)

    @strawberry.field(description="A realm by name; null when it does not exist.")
    async def realm(self, info: Info, name: str) -> Realm | None:
        try:
            return Realm(model=await realms.get_realm(info.context.actor, name))
        except NotFound:
            return None

    @strawberry.field(description="A user by realm name and id; null when it does not exist.")
    async def user(self, info: Info, realm: str, id: str) -> User | None:
        try:
            return User(model=await users.get_user(info.context.actor, realm, id))
        except NotFound:
            return None

    @strawberry.field(description="Users of a realm, with Keycloak's search parameters.")
    async def users(
        self,
        info: Info,
        realm: str,
        first: First = None,
        after: After = None,
        search: str | None = None,
        username: str | None = None,
        email: str | None = None,
        exact: bool = False,
        enabled: bool | None = None,
        q: str | None = None,
    ) -> Connection[User]:
        criteria = UserSearch(
            search=search,
            username=username,
            email=email,
            exact=exact,
            enabled=enabled,
            attributes=attribute_filter(q),
        )
        return await user_connection(info, realm, criteria, first, after)

    @strawberry.field(description="Any object by its global id; null when missing or not visible.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        try:
            type_name, raw = from_global_id(id)
        except DomainError:
            return None
        actor = info.context.actor
        if type_name == "Realm":
            found = (await realms.realms_by_ids(actor, [raw]))[0]
            return Realm(model=found) if found else None
        if type_name == "User":
            user = await users.get_user_by_id(actor, raw)
            return User(model=user) if user else None
        return None
