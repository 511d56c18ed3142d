"""The Realm type."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.client_policies import documents as client_policies
from resolvers.identity_providers import crud as identity_providers
from resolvers.keys import sets as key_sets
from resolvers.localization import texts as localization
from resolvers.realms import crud as realms
from resolvers.realms.views import RealmView
from resolvers.server_info import registrators
from resolvers.users import permissions as users_permissions
from resolvers.users.inputs import UserSearch, attribute_query
from schema.authentication.types import (
    AuthenticationFlow,
    RequiredAction,
    realm_flows,
    realm_required_actions,
)
from schema.client_scopes.types import ClientScope, client_scope_connection
from schema.identity_providers.types import IdentityProvider, identity_provider
from schema.keys.types import JsonWebKey, KeySet
from schema.kit.context import Info
from schema.kit.node import Node, found_or_none, register_node
from schema.kit.relay import After, Connection, First
from schema.oauth2.trust import TrustedJwtIssuer, realm_trusted_issuers
from schema.users.types import User, user_connection

_HIDDEN = " Null when the caller may not view the realm's settings (view-realm)."


@strawberry.type(
    description="A realm. A caller without view-realm (one holding only view-users, say) sees the few "
    "settings Keycloak shows such a caller; secrets are masked for every caller."
)
class Realm(Node):
    view: strawberry.Private[RealmView]

    def node_key(self) -> str:
        return self.view.id

    @strawberry.field(description="The realm's own id (Keycloak's `id`).")
    def realm_id(self) -> str:
        return self.view.id

    @strawberry.field
    def name(self) -> str:
        return self.view.name

    @strawberry.field
    def enabled(self) -> bool:
        return self.view.enabled

    @strawberry.field
    def display_name(self) -> str | None:
        value = self.view.setting("displayName")
        return value if isinstance(value, str) else None

    @strawberry.field(description="Seconds an access token lives." + _HIDDEN)
    def access_token_lifespan(self) -> int | None:
        value = self.view.setting("accessTokenLifespan")
        return None if value is None else int(value)

    @strawberry.field(description="Whether users may register themselves." + _HIDDEN)
    def registration_allowed(self) -> bool | None:
        value = self.view.setting("registrationAllowed")
        return None if value is None else bool(value)

    @strawberry.field
    def brute_force_protected(self) -> bool:
        return bool(self.view.setting("bruteForceProtected"))

    @strawberry.field(
        description="The settings the caller may see, in Keycloak's RealmRepresentation names, secrets "
        "masked (`**********`)."
    )
    def settings(self) -> JSON:
        return JSON(dict(self.view.settings))

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
            attributes=attribute_query(q),
        )
        return await user_connection(info, self.view.name, criteria, first, after)

    @strawberry.field(description="The realm's top-level authentication flows, by alias.")
    async def authentication_flows(self, info: Info) -> list[AuthenticationFlow]:
        return await realm_flows(info, self.view.name)

    @strawberry.field(description="The realm's required actions, in the order they run.")
    async def required_actions(self, info: Info) -> list[RequiredAction]:
        return await realm_required_actions(info, self.view.name)

    @strawberry.field(description="The realm's client scopes, by name.")
    async def client_scopes(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[ClientScope]:
        return await client_scope_connection(info, self.view.name, first, after)

    @strawberry.field(description="The realm's JSON Web Key sets, public parts only (needs view-realm).")
    async def key_sets(self, info: Info) -> list[KeySet]:
        found = await key_sets.key_sets(info.context.actor, self.view.name)
        return [KeySet(name=name, keys=[JsonWebKey(view=v) for v in views]) for name, views in found.items()]

    @strawberry.field(description="The keys of one set, public parts only; none when the set does not exist.")
    async def keys(self, info: Info, set: str) -> list[JsonWebKey]:
        found = await key_sets.key_sets(info.context.actor, self.view.name)
        return [JsonWebKey(view=v) for v in found.get(set, [])]

    @strawberry.field(description="The realm's identity providers, by alias (needs view-identity-providers).")
    async def identity_providers(self, info: Info, search: str | None = None) -> list[IdentityProvider]:
        found = await identity_providers.list_providers(info.context.actor, self.view.name, search)
        return [identity_provider(self.view.name, v) for v in found]

    @strawberry.field(description="One identity provider by alias; null when there is none.")
    async def identity_provider(self, info: Info, alias: str) -> IdentityProvider | None:
        found = await found_or_none(
            identity_providers.get_provider(info.context.actor, self.view.name, alias)
        )
        return identity_provider(self.view.name, found) if found else None

    @strawberry.field(description="The locales that have localization texts.")
    async def localization_locales(self, info: Info) -> list[str]:
        return await localization.list_locales(info.context.actor, self.view.name)

    @strawberry.field(
        description="A locale's texts (key -> text); with `defaultFallback`, under them those of the "
        "realm's default locale."
    )
    async def localization_texts(self, info: Info, locale: str, default_fallback: bool = False) -> JSON:
        found = await localization.get_texts(info.context.actor, self.view.name, locale, default_fallback)
        return JSON(found)

    @strawberry.field(description="The realm's client profiles; Keycloak's global ones too on request.")
    async def client_profiles(self, info: Info, include_global: bool = False) -> JSON:
        return JSON(await client_policies.get_profiles(info.context.actor, self.view.name, include_global))

    @strawberry.field(description="The realm's client policies.")
    async def client_policies(self, info: Info, include_global: bool = False) -> JSON:
        return JSON(await client_policies.get_policies(info.context.actor, self.view.name, include_global))

    @strawberry.field(
        description="Whether fine-grained permissions are on for the realm's users, as "
        "Keycloak's ManagementPermissionReference."
    )
    async def users_management_permissions(self, info: Info) -> JSON:
        return JSON(dict(await users_permissions.get(info.context.actor, self.view.name)))

    @strawberry.field(description="The required actions that register a credential.")
    async def credential_registrators(self, info: Info) -> list[str]:
        return await registrators.credential_registrators(info.context.actor, self.view.name)

    @strawberry.field(description="The JWT issuers the jwt-bearer grant trusts, by id (needs view-realm).")
    async def trusted_jwt_issuers(
        self, info: Info, issuer: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[TrustedJwtIssuer]:
        return await realm_trusted_issuers(info, self.view.name, issuer, limit, offset)


# A realm is visible to a caller with any admin right in it.
register_node(Realm, realms.realm_views_by_ids, lambda view: Realm(view=view))
