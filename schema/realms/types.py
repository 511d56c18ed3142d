"""The Realm type."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from models import Realm as RealmModel
from resolvers.realms import crud as realms
from resolvers.realms.defaults import setting
from resolvers.users.inputs import UserSearch
from schema.kit.context import Info
from schema.kit.inputs import attribute_filter
from schema.kit.node import Node, register_node
from schema.kit.relay import After, Connection, First
from schema.users.types import User, user_connection


@strawberry.type
class Realm(Node):
    """A realm; its settings only to a reader with view-realm (others see that it exists, by name)."""

    view: strawberry.Private[realms.RealmView]

    @property
    def model(self) -> RealmModel:
        return self.view.realm

    def node_key(self) -> str:
        return self.model.id

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
        return self.view.settings().get("displayName")

    @strawberry.field
    def access_token_lifespan(self) -> int:
        return int(setting(self.view.settings(), "accessTokenLifespan"))

    @strawberry.field
    def registration_allowed(self) -> bool:
        return bool(setting(self.view.settings(), "registrationAllowed"))

    @strawberry.field
    def brute_force_protected(self) -> bool:
        return bool(setting(self.view.settings(), "bruteForceProtected"))

    @strawberry.field(description="Every setting of the realm, in Keycloak's RealmRepresentation names.")
    def settings(self) -> JSON:
        return JSON(dict(self.view.settings()))

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


# A realm is visible to a caller with any admin right in it.
register_node(Realm, realms.realms_by_ids, lambda view: Realm(view=view))
