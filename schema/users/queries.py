"""User queries: users, and what hangs off a user."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.users import brute_force
from resolvers.users import credentials as user_credentials
from resolvers.users import crud as users
from resolvers.users import links as user_links
from resolvers.users import profile as user_profile
from resolvers.users import sessions as user_sessions
from resolvers.users.inputs import UserSearch, attribute_query
from schema.kit.context import Info
from schema.kit.node import found_or_none
from schema.kit.relay import After, Connection, First
from schema.users.types import (
    BruteForceStatus,
    Consent,
    Credential,
    FederatedIdentity,
    User,
    UserSession,
    user_connection,
)


@strawberry.type
class UserQuery:
    @strawberry.field(description="A user by realm name and id; null when it does not exist.")
    async def user(self, info: Info, realm: str, id: str) -> User | None:
        found = await found_or_none(users.get_user(info.context.actor, realm, id))
        return User(model=found) if found else None

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
            attributes=attribute_query(q),
        )
        return await user_connection(info, realm, criteria, first, after)

    @strawberry.field(description="A user's credentials, in priority order.")
    async def user_credentials(self, info: Info, realm: str, user_id: str) -> list[Credential]:
        found = await user_credentials.list_credentials(info.context.actor, realm, user_id)
        return [Credential(model=c) for c in found]

    @strawberry.field(description="A user's online sessions.")
    async def user_sessions(self, info: Info, realm: str, user_id: str) -> list[UserSession]:
        found = await user_sessions.user_sessions(info.context.actor, realm, user_id)
        return [UserSession(view=v) for v in found]

    @strawberry.field
    async def user_consents(self, info: Info, realm: str, user_id: str) -> list[Consent]:
        return [Consent(view=v) for v in await user_links.list_consents(info.context.actor, realm, user_id)]

    @strawberry.field
    async def user_federated_identities(
        self, info: Info, realm: str, user_id: str
    ) -> list[FederatedIdentity]:
        found = await user_links.list_federated_identities(info.context.actor, realm, user_id)
        return [FederatedIdentity(model=f) for f in found]

    @strawberry.field
    async def brute_force_status(self, info: Info, realm: str, user_id: str) -> BruteForceStatus:
        found = await brute_force.status(info.context.actor, realm, user_id)
        return BruteForceStatus(
            num_failures=found.num_failures,
            disabled=found.disabled,
            last_ip_failure=found.last_ip_failure or "n/a",
            last_failure=float(found.last_failure),
        )

    @strawberry.field(description="The realm's user profile configuration (Keycloak's UPConfig).")
    async def user_profile(self, info: Info, realm: str) -> JSON:
        return JSON(await user_profile.get_profile(info.context.actor, realm))

    @strawberry.field(description="Attributes of the user that the user profile does not declare.")
    async def user_unmanaged_attributes(self, info: Info, realm: str, user_id: str) -> JSON:
        return JSON(await user_profile.unmanaged_attributes(info.context.actor, realm, user_id))
