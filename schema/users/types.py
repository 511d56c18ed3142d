"""The User type and the types of what hangs off a user."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from models import Credential as CredentialModel
from models import FederatedIdentity as FederatedIdentityModel
from models import User as UserModel
from resolvers.oauth2 import listing as oauth2_listing
from resolvers.users import search as users
from resolvers.users.inputs import UserSearch
from resolvers.users.links import ConsentView
from resolvers.users.sessions import SessionView
from schema.groups.dataloaders import groups_of_users
from schema.kit.context import Info
from schema.kit.node import Node, as_node, load_node, register_node
from schema.kit.relay import Connection, paginate
from schema.roles.dataloaders import user_effective_roles
from schema.roles.sources import EffectiveRoleSource, user_role_sources
from schema.roles.types import Role
from schema.users.dataloaders import user_attributes, visible_credentials, visible_sessions, visible_users

if TYPE_CHECKING:
    from schema.groups.types import Group
    from schema.oauth2.types import OAuth2AuthRequest
    from schema.realms.types import Realm


@strawberry.type
class User(Node):
    model: strawberry.Private[UserModel]

    def node_key(self) -> str:
        return self.model.id

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
        return JSON(await info.context.loaders.get(user_attributes).load(self.model.id))

    @strawberry.field
    async def realm(self, info: Info) -> Annotated[Realm, strawberry.lazy("schema.realms.types")] | None:
        found: Realm | None = await load_node(info, "Realm", self.model.realm_id)
        return found

    @strawberry.field(description="The groups the user belongs to, by path.")
    async def groups(self, info: Info) -> list[Annotated[Group, strawberry.lazy("schema.groups.types")]]:
        found = await info.context.loaders.get(groups_of_users).load(self.model.id)
        return [as_node("Group", g) for g in found]

    @strawberry.field(description="Every role the user holds: direct, through groups and through composites.")
    async def effective_roles(self, info: Info) -> list[Role]:
        found = await info.context.loaders.get(user_effective_roles).load(self.model.id)
        return [Role(model=r) for r in found]

    @strawberry.field(
        description="Each role the user holds with every path it comes by: mapped directly, through a "
        "composite, through a group or an ancestor group (one recursive statement for all users asked)."
    )
    async def effective_role_sources(self, info: Info) -> list[EffectiveRoleSource]:
        return await info.context.loaders.get(user_role_sources).load(self.model.id)

    @strawberry.field(
        description="The OAuth2 flows' consent sessions of the user (subject: its id or username)."
    )
    async def oauth2_consent_sessions(
        self, info: Info
    ) -> list[Annotated[OAuth2AuthRequest, strawberry.lazy("schema.oauth2.types")]]:
        rows = await oauth2_listing.consent_sessions(info.context.actor, user_id=self.model.id)
        return [as_node("OAuth2AuthRequest", r) for r in rows]


register_node(User, visible_users, lambda model: User(model=model))


async def user_connection(
    info: Info, realm_name: str, criteria: UserSearch, first: int | None, after: str | None
) -> Connection[User]:
    """A page of a realm's users matching ``criteria``."""
    actor = info.context.actor
    page = await paginate(
        lambda start, limit: users.search_users(actor, realm_name, criteria, start, limit), first, after
    )
    return Connection.of(
        page.map(lambda u: User(model=u)), lambda: users.count_users(actor, realm_name, criteria)
    )


@strawberry.type(description="A credential's metadata; secrets never leave the store.")
class Credential(Node):
    model: strawberry.Private[CredentialModel]

    def node_key(self) -> str:
        return f"{self.model.user_id}/{self.model.id}"

    @strawberry.field(description="The credential's own id (Keycloak's `id`).")
    def credential_id(self) -> str:
        return self.model.id

    @strawberry.field
    def type(self) -> str:
        return self.model.type

    @strawberry.field
    def user_label(self) -> str | None:
        return self.model.user_label

    @strawberry.field(description="Milliseconds since the epoch.")
    def created_date(self) -> float:
        return float(self.model.created_date)

    @strawberry.field
    def credential_data(self) -> str:
        return json.dumps(self.model.credential_data or {}, separators=(",", ":"))

    @strawberry.field
    def priority(self) -> int:
        return self.model.priority


# Keyed by user and credential id; visible to a caller with view-users in the user's realm.
register_node(Credential, visible_credentials, lambda model: Credential(model=model))


@strawberry.type
class UserSession(Node):
    view: strawberry.Private[SessionView]

    def node_key(self) -> str:
        return f"{self.view.session.user_id}/{self.view.session.id}"

    @strawberry.field(description="The session's own id (Keycloak's `id`).")
    def session_id(self) -> str:
        return self.view.session.id

    @strawberry.field
    def username(self) -> str:
        return self.view.username

    @strawberry.field
    def user_id(self) -> str | None:
        return self.view.session.user_id

    @strawberry.field
    def ip_address(self) -> str | None:
        return self.view.session.ip_address

    @strawberry.field(description="Milliseconds since the epoch.")
    def start(self) -> float:
        return float(self.view.session.started)

    @strawberry.field(description="Milliseconds since the epoch.")
    def last_access(self) -> float:
        return float(self.view.session.last_access)

    @strawberry.field(description="Client uuid to clientId of the clients holding tokens in the session.")
    def clients(self) -> JSON:
        return JSON(dict(self.view.clients))


# Keyed by user and session id; visible to a caller with view-users in the user's realm.
register_node(UserSession, visible_sessions, lambda view: UserSession(view=view))


@strawberry.type
class Consent:
    view: strawberry.Private[ConsentView]

    @strawberry.field
    def client_id(self) -> str:
        return self.view.client_id

    @strawberry.field
    def granted_client_scopes(self) -> list[str]:
        return list(self.view.granted_scopes)

    @strawberry.field
    def created_date(self) -> float:
        return float(self.view.created_date)

    @strawberry.field
    def last_updated_date(self) -> float:
        return float(self.view.last_updated_date)

    @strawberry.field(description="Whether the client holds an offline token of the user.")
    def offline(self) -> bool:
        return self.view.offline


@strawberry.type
class FederatedIdentity:
    model: strawberry.Private[FederatedIdentityModel]

    @strawberry.field
    def identity_provider(self) -> str:
        return self.model.identity_provider

    @strawberry.field
    def user_id(self) -> str:
        return self.model.provider_user_id

    @strawberry.field
    def user_name(self) -> str | None:
        return self.model.provider_username


@strawberry.type
class BruteForceStatus:
    num_failures: int
    disabled: bool
    last_ip_failure: str
    last_failure: float
