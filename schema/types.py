"""GraphQL object types of the identity graph."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from core.errors import InvalidInput
from models import Realm as RealmModel
from models import User as UserModel
from resolvers.realms.defaults import setting
from resolvers.users import search as users
from resolvers.users.inputs import UserSearch
from schema.context import Info
from schema.relay import After, Connection, First, connection, offset_of, page_size, to_global_id

if TYPE_CHECKING:
    from schema.identity import Group, Role


@strawberry.interface(description="An object with a global id.")
class Node:
    id: strawberry.ID


@strawberry.type
class Realm(Node):
    model: strawberry.Private[RealmModel]

    @strawberry.field
    def id(self) -> strawberry.ID:  # type: ignore[override]
        return to_global_id("Realm", self.model.id)

    @strawberry.field(description="The realm's own id (Keycloak's `id`).")
    def realm_id(self) -> str:
        return self.model.id

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field
    def enabled(self) -> bool:
        return self.model.enabled

    @strawberry.field
    def display_name(self) -> str | None:
        return self.model.config.get("displayName")

    @strawberry.field
    def access_token_lifespan(self) -> int:
        return int(setting(self.model.config, "accessTokenLifespan"))

    @strawberry.field
    def registration_allowed(self) -> bool:
        return bool(setting(self.model.config, "registrationAllowed"))

    @strawberry.field
    def brute_force_protected(self) -> bool:
        return bool(setting(self.model.config, "bruteForceProtected"))

    @strawberry.field(description="Every setting of the realm, in Keycloak's RealmRepresentation names.")
    def settings(self) -> JSON:
        return dict(self.model.config)

    @strawberry.field(description="Users of the realm, searched as Keycloak's `search` parameter does.")
    async def users(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        search: str | None = None,
        username: str | None = None,
        email: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        exact: bool = False,
        enabled: bool | None = None,
        email_verified: bool | None = None,
        q: str | None = None,
    ) -> Connection[User]:
        criteria = UserSearch(
            search=search,
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            exact=exact,
            enabled=enabled,
            email_verified=email_verified,
            attributes=attribute_filter(q),
        )
        return await user_connection(info, self.model.name, criteria, first, after)


@strawberry.type
class User(Node):
    model: strawberry.Private[UserModel]

    @strawberry.field
    def id(self) -> strawberry.ID:  # type: ignore[override]
        return to_global_id("User", self.model.id)

    @strawberry.field(description="The user's own id (Keycloak's `id`).")
    def user_id(self) -> str:
        return self.model.id

    @strawberry.field
    def username(self) -> str:
        return self.model.username

    @strawberry.field
    def email(self) -> str | None:
        return self.model.email

    @strawberry.field
    def first_name(self) -> str | None:
        return self.model.first_name

    @strawberry.field
    def last_name(self) -> str | None:
        return self.model.last_name

    @strawberry.field
    def enabled(self) -> bool:
        return self.model.enabled

    @strawberry.field
    def email_verified(self) -> bool:
        return self.model.email_verified

    @strawberry.field(description="Milliseconds since the epoch, as Keycloak reports it.")
    def created_timestamp(self) -> float:
        return float(self.model.created_timestamp)

    @strawberry.field
    def required_actions(self) -> list[str]:
        return list(self.model.required_actions)

    @strawberry.field(description="Attribute name to its values.")
    async def attributes(self, info: Info) -> JSON:
        return await info.context.loaders.user_attributes.load(self.model.id)

    @strawberry.field
    async def realm(self, info: Info) -> Realm | None:
        realm = await info.context.loaders.realm_by_id.load(self.model.realm_id)
        return Realm(model=realm) if realm else None

    @strawberry.field(description="The groups the user belongs to, by path.")
    async def groups(self, info: Info) -> list[Annotated[Group, strawberry.lazy("schema.identity")]]:
        from schema.identity import user_groups

        return await user_groups(info, self.model.id)

    @strawberry.field(description="Every role the user holds: direct, through groups and through composites.")
    async def effective_roles(self, info: Info) -> list[Annotated[Role, strawberry.lazy("schema.identity")]]:
        from schema.identity import user_effective_roles

        return await user_effective_roles(info, self.model.id)


async def user_connection(
    info: Info, realm_name: str, criteria: UserSearch, first: int | None, after: str | None
) -> Connection[User]:
    actor, start, size = info.context.actor, offset_of(after), page_size(first)
    rows = await users.search_users(actor, realm_name, criteria, start, size + 1)
    return connection(
        [User(model=u) for u in rows], start, size, lambda: users.count_users(actor, realm_name, criteria)
    )


def realm_connection(rows: list[RealmModel], first: int | None, after: str | None) -> Connection[Realm]:
    start, size = offset_of(after), page_size(first)

    async def count() -> int:
        return len(rows)

    return connection([Realm(model=r) for r in rows[start : start + size + 1]], start, size, count)


def attribute_filter(q: str | None) -> dict[str, str]:
    """The ``q`` argument of user searches, in Keycloak's syntax: space-separated ``key:value`` pairs."""
    pairs: dict[str, str] = {}
    for part in (q or "").split():
        key, sep, value = part.partition(":")
        if not sep or not key:
            raise InvalidInput(f"Invalid q parameter '{part}': expected key:value")
        pairs[key] = value
    return pairs


def json_object(value: Any, name: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInput(f"{name} must be a JSON object", field=name)
    return value
