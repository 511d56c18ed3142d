"""User mutations: the user itself, its credentials, sessions, links, e-mailed actions and lockout."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.users import actions as user_actions
from resolvers.users import brute_force
from resolvers.users import credentials as user_credentials
from resolvers.users import crud as users
from resolvers.users import links as user_links
from resolvers.users import profile as user_profile
from resolvers.users import sessions as user_sessions
from schema.kit.context import Info
from schema.kit.mutations import MutationError, OkPayload, mutation
from schema.users.inputs import UserInput
from schema.users.types import Credential, FederatedIdentity, User


@strawberry.type
class UserPayload:
    user: User | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class CredentialPayload:
    credential: Credential | None = None
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


@strawberry.type
class UserMutation:
    @mutation()
    async def user_create(self, info: Info, realm: str, input: UserInput) -> UserPayload:
        made = await users.create_user(info.context.actor, realm, input.fields())
        return UserPayload(user=User(model=made))

    @mutation()
    async def user_update(self, info: Info, realm: str, id: str, input: UserInput) -> UserPayload:
        changed = await users.update_user(info.context.actor, realm, id, input.fields())
        return UserPayload(user=User(model=changed))

    @mutation()
    async def user_delete(self, info: Info, realm: str, id: str) -> OkPayload:
        await users.delete_user(info.context.actor, realm, id)
        return OkPayload(ok=True, deleted_id=id)

    @mutation(description="Set a user's password under the realm's password policy.")
    async def user_password_reset(
        self, info: Info, realm: str, user_id: str, password: str, temporary: bool = False
    ) -> OkPayload:
        await user_credentials.reset_password(info.context.actor, realm, user_id, password, temporary)
        return OkPayload(ok=True)

    @mutation()
    async def user_credential_delete(
        self, info: Info, realm: str, user_id: str, credential_id: str
    ) -> OkPayload:
        await user_credentials.delete_credential(info.context.actor, realm, user_id, credential_id)
        return OkPayload(ok=True, deleted_id=credential_id)

    @mutation()
    async def user_credential_label(
        self, info: Info, realm: str, user_id: str, credential_id: str, label: str
    ) -> CredentialPayload:
        labelled = await user_credentials.set_label(info.context.actor, realm, user_id, credential_id, label)
        return CredentialPayload(credential=Credential(model=labelled))

    @mutation(description="Move a credential after another one, or first when `after` is null.")
    async def user_credential_move(
        self, info: Info, realm: str, user_id: str, credential_id: str, after: str | None = None
    ) -> OkPayload:
        await user_credentials.move_after(info.context.actor, realm, user_id, credential_id, after)
        return OkPayload(ok=True)

    @mutation()
    async def user_credential_types_disable(
        self, info: Info, realm: str, user_id: str, types: list[str]
    ) -> OkPayload:
        await user_credentials.disable_credential_types(info.context.actor, realm, user_id, types)
        return OkPayload(ok=True)

    @mutation(description="End every session of a user.")
    async def user_logout(self, info: Info, realm: str, user_id: str) -> OkPayload:
        await user_sessions.logout_user(info.context.actor, realm, user_id)
        return OkPayload(ok=True)

    @mutation()
    async def session_delete(
        self, info: Info, realm: str, session_id: str, offline: bool = False
    ) -> OkPayload:
        await user_sessions.delete_session(info.context.actor, realm, session_id, offline)
        return OkPayload(ok=True, deleted_id=session_id)

    @mutation(description="End every session of the realm.")
    async def realm_logout_all(self, info: Info, realm: str) -> OkPayload:
        await user_sessions.logout_all(info.context.actor, realm)
        return OkPayload(ok=True)

    @mutation()
    async def user_consent_revoke(self, info: Info, realm: str, user_id: str, client_id: str) -> OkPayload:
        await user_links.revoke_consent(info.context.actor, realm, user_id, client_id)
        return OkPayload(ok=True)

    @mutation()
    async def user_federated_identity_link(
        self,
        info: Info,
        realm: str,
        user_id: str,
        provider: str,
        provider_user_id: str,
        provider_username: str | None = None,
    ) -> FederatedIdentityPayload:
        link = await user_links.link_federated_identity(
            info.context.actor,
            realm,
            user_id,
            provider,
            {"userId": provider_user_id, "userName": provider_username},
        )
        return FederatedIdentityPayload(federated_identity=FederatedIdentity(model=link))

    @mutation()
    async def user_federated_identity_unlink(
        self, info: Info, realm: str, user_id: str, provider: str
    ) -> OkPayload:
        await user_links.unlink_federated_identity(info.context.actor, realm, user_id, provider)
        return OkPayload(ok=True)

    @mutation(description="E-mail the user a link to perform required actions.")
    async def user_execute_actions_email(
        self,
        info: Info,
        realm: str,
        user_id: str,
        actions: list[str],
        lifespan: int | None = None,
        client_id: str | None = None,
        redirect_uri: str | None = None,
    ) -> OkPayload:
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
        return OkPayload(ok=True)

    @mutation(description="E-mail the user a link to verify the e-mail address.")
    async def user_verify_email_send(
        self,
        info: Info,
        realm: str,
        user_id: str,
        lifespan: int | None = None,
        client_id: str | None = None,
        redirect_uri: str | None = None,
    ) -> OkPayload:
        await user_actions.send_verify_email(
            info.context.actor, realm, user_id, info.context.base_url, lifespan, client_id, redirect_uri
        )
        return OkPayload(ok=True)

    @mutation()
    async def user_impersonate(self, info: Info, realm: str, user_id: str) -> ImpersonationPayload:
        actor = info.context.actor
        ip_address = actor.ip_address if actor else None
        result = await user_actions.impersonate(actor, realm, user_id, info.context.base_url, ip_address)
        return ImpersonationPayload(same_realm=result["sameRealm"], redirect=result["redirect"])

    @mutation(description="Clear a user's login failures (and a permanent lockout).")
    async def brute_force_clear(self, info: Info, realm: str, user_id: str | None = None) -> OkPayload:
        if user_id is None:
            await brute_force.clear_all(info.context.actor, realm)
        else:
            await brute_force.clear_user(info.context.actor, realm, user_id)
        return OkPayload(ok=True)

    @mutation(description="Replace the realm's user profile configuration.")
    async def user_profile_update(self, info: Info, realm: str, config: JSON) -> OkPayload:
        await user_profile.update_profile(info.context.actor, realm, config)
        return OkPayload(ok=True)
