"""GraphQL for what hangs off a user: credentials (metadata only), sessions, consents, federated
identities, brute-force status and the user profile, with a mutation for each write."""

from __future__ import annotations

import json

import strawberry
from strawberry.scalars import JSON

from core.errors import DomainError
from core.password_policy import PasswordPolicyViolation
from models import Credential as CredentialModel
from models import FederatedIdentity as FederatedIdentityModel
from resolvers.users import actions as user_actions
from resolvers.users import brute_force
from resolvers.users import credentials as user_credentials
from resolvers.users import links as user_links
from resolvers.users import profile as user_profile
from resolvers.users import sessions as user_sessions
from resolvers.users.links import ConsentView, FederatedIdentityLink
from resolvers.users.sessions import SessionView
from schema.context import Info
from schema.errors import MutationError, as_mutation_error


@strawberry.type(description="A credential's metadata; secrets never leave the store.")
class Credential:
    model: strawberry.Private[CredentialModel]

    @strawberry.field
    def id(self) -> str:
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


@strawberry.type
class UserSession:
    view: strawberry.Private[SessionView]

    @strawberry.field
    def id(self) -> str:
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
        return dict(self.view.clients)


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


@strawberry.type
class UserAdminQuery:
    @strawberry.field(description="A user's credentials, in priority order.")
    async def user_credentials(self, info: Info, realm: str, user_id: str) -> list[Credential]:
        found = await user_credentials.list_credentials(info.context.actor, realm, user_id)
        return [Credential(model=c) for c in found]

    @strawberry.field(description="A user's online sessions.")
    async def user_sessions(self, info: Info, realm: str, user_id: str) -> list[UserSession]:
        return [
            UserSession(view=v) for v in await user_sessions.user_sessions(info.context.actor, realm, user_id)
        ]

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
        return await user_profile.get_profile(info.context.actor, realm)

    @strawberry.field(description="Attributes of the user that the user profile does not declare.")
    async def user_unmanaged_attributes(self, info: Info, realm: str, user_id: str) -> JSON:
        return await user_profile.unmanaged_attributes(info.context.actor, realm, user_id)


@strawberry.type
class CredentialPayload:
    credential: Credential | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class ActionPayload:
    """The outcome of a write that returns no object."""

    ok: bool = False
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class FederatedIdentityPayload:
    federated_identity: FederatedIdentity | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class ImpersonationPayload:
    same_realm: bool | None = None
    redirect: str | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


def _failed(exc: DomainError) -> ActionPayload:
    return ActionPayload(errors=[as_mutation_error(exc)])


@strawberry.type
class UserAdminMutation:
    @strawberry.mutation(description="Set a user's password under the realm's password policy.")
    async def user_password_reset(
        self, info: Info, realm: str, user_id: str, password: str, temporary: bool = False
    ) -> ActionPayload:
        try:
            await user_credentials.reset_password(info.context.actor, realm, user_id, password, temporary)
        except PasswordPolicyViolation as exc:
            return ActionPayload(errors=[as_mutation_error(exc)])
        except DomainError as exc:
            return _failed(exc)
        return ActionPayload(ok=True)

    @strawberry.mutation
    async def user_credential_delete(
        self, info: Info, realm: str, user_id: str, credential_id: str
    ) -> ActionPayload:
        try:
            await user_credentials.delete_credential(info.context.actor, realm, user_id, credential_id)
        except DomainError as exc:
            return _failed(exc)
        return ActionPayload(ok=True)

    @strawberry.mutation
    async def user_credential_label(
        self, info: Info, realm: str, user_id: str, credential_id: str, label: str
    ) -> CredentialPayload:
        try:
            credential = await user_credentials.set_label(
                info.context.actor, realm, user_id, credential_id, label
            )
        except DomainError as exc:
            return CredentialPayload(errors=[as_mutation_error(exc)])
        return CredentialPayload(credential=Credential(model=credential))

    @strawberry.mutation(description="Move a credential after another one, or first when `after` is null.")
    async def user_credential_move(
        self, info: Info, realm: str, user_id: str, credential_id: str, after: str | None = None
    ) -> ActionPayload:
        try:
            await user_credentials.move_after(info.context.actor, realm, user_id, credential_id, after)
        except DomainError as exc:
            return _failed(exc)
        return ActionPayload(ok=True)

    @strawberry.mutation
    async def user_credential_types_disable(
        self, info: Info, realm: str, user_id: str, types: list[str]
    ) -> ActionPayload:
        try:
            await user_credentials.disable_credential_types(info.context.actor, realm, user_id, types)
        except DomainError as exc:
            return _failed(exc)
        return ActionPayload(ok=True)

    @strawberry.mutation(description="End every session of a user.")
    async def user_logout(self, info: Info, realm: str, user_id: str) -> ActionPayload:
        try:
            await user_sessions.logout_user(info.context.actor, realm, user_id)
        except DomainError as exc:
            return _failed(exc)
        return ActionPayload(ok=True)

    @strawberry.mutation
    async def session_delete(
        self, info: Info, realm: str, session_id: str, offline: bool = False
    ) -> ActionPayload:
        try:
            await user_sessions.delete_session(info.context.actor, realm, session_id, offline)
        except DomainError as exc:
            return _failed(exc)
        return ActionPayload(ok=True)

    @strawberry.mutation(description="End every session of the realm.")
    async def realm_logout_all(self, info: Info, realm: str) -> ActionPayload:
        try:
            await user_sessions.logout_all(info.context.actor, realm)
        except DomainError as exc:
            return _failed(exc)
        return ActionPayload(ok=True)

    @strawberry.mutation
    async def user_consent_revoke(
        self, info: Info, realm: str, user_id: str, client_id: str
    ) -> ActionPayload:
        try:
            await user_links.revoke_consent(info.context.actor, realm, user_id, client_id)
        except DomainError as exc:
            return _failed(exc)
        return ActionPayload(ok=True)

    @strawberry.mutation
    async def user_federated_identity_link(
        self,
        info: Info,
        realm: str,
        user_id: str,
        provider: str,
        provider_user_id: str,
        provider_username: str | None = None,
    ) -> FederatedIdentityPayload:
        try:
            fields = FederatedIdentityLink(provider, user_id=provider_user_id, user_name=provider_username)
            link = await user_links.link_federated_identity(info.context.actor, realm, user_id, fields)
        except DomainError as exc:
            return FederatedIdentityPayload(errors=[as_mutation_error(exc)])
        return FederatedIdentityPayload(federated_identity=FederatedIdentity(model=link))

    @strawberry.mutation
    async def user_federated_identity_unlink(
        self, info: Info, realm: str, user_id: str, provider: str
    ) -> ActionPayload:
        try:
            await user_links.unlink_federated_identity(info.context.actor, realm, user_id, provider)
        except DomainError as exc:
            return _failed(exc)
        return ActionPayload(ok=True)

    @strawberry.mutation(description="E-mail the user a link to perform required actions.")
    async def user_execute_actions_email(
        self,
        info: Info,
        realm: str,
        user_id: str,
        actions: list[str],
        lifespan: int | None = None,
        client_id: str | None = None,
        redirect_uri: str | None = None,
    ) -> ActionPayload:
        try:
            await user_actions.execute_actions_email(
                info.context.actor,
                realm,
                user_id,
                actions,
                info.context.base_url,
                lifespan,
                client_id,
                redirect_uri,
            )
        except user_actions.MailFailed:
            raise
        except DomainError as exc:
            return _failed(exc)
        return ActionPayload(ok=True)

    @strawberry.mutation(description="E-mail the user a link to verify the e-mail address.")
    async def user_verify_email_send(
        self,
        info: Info,
        realm: str,
        user_id: str,
        lifespan: int | None = None,
        client_id: str | None = None,
        redirect_uri: str | None = None,
    ) -> ActionPayload:
        try:
            await user_actions.send_verify_email(
                info.context.actor, realm, user_id, info.context.base_url, lifespan, client_id, redirect_uri
            )
        except user_actions.MailFailed:
            raise
        except DomainError as exc:
            return _failed(exc)
        return ActionPayload(ok=True)

    @strawberry.mutation
    async def user_impersonate(self, info: Info, realm: str, user_id: str) -> ImpersonationPayload:
        try:
            result = await user_actions.impersonate(
                info.context.actor, realm, user_id, info.context.base_url, info.context.actor.ip_address
            )
        except DomainError as exc:
            return ImpersonationPayload(errors=[as_mutation_error(exc)])
        return ImpersonationPayload(same_realm=result.same_realm, redirect=result.redirect)

    @strawberry.mutation(description="Clear a user's login failures (and a permanent lockout).")
    async def brute_force_clear(self, info: Info, realm: str, user_id: str | None = None) -> ActionPayload:
        try:
            if user_id is None:
                await brute_force.clear_all(info.context.actor, realm)
            else:
                await brute_force.clear_user(info.context.actor, realm, user_id)
        except DomainError as exc:
            return _failed(exc)
        return ActionPayload(ok=True)

    @strawberry.mutation(description="Replace the realm's user profile configuration.")
    async def user_profile_update(self, info: Info, realm: str, config: JSON) -> ActionPayload:
        try:
            await user_profile.update_profile(info.context.actor, realm, config)
        except DomainError as exc:
            return _failed(exc)
        return ActionPayload(ok=True)
