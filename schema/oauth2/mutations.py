"""Mutations of the OAuth2 flows: what the login, consent and logout apps do, and revocations."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.oauth2 import challenges, consents, logout
from resolvers.oauth2.inputs import ConsentAcceptance, LoginAcceptance, Rejection
from schema.kit.context import Info
from schema.kit.inputs import json_object
from schema.kit.mutations import MutationError, OkPayload, mutation
from schema.oauth2.types import OAuth2RequestKind


@strawberry.type(description="Where the app sends the browser back to.")
class OAuth2RedirectPayload:
    redirect_to: str | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.input(description="Hydra's AcceptLoginRequest.")
class OAuth2LoginAcceptInput:
    subject: str
    remember: bool = False
    remember_for: int = 0
    acr: str = ""
    amr: list[str] = strawberry.field(default_factory=list)
    context: JSON | None = None

    def typed(self) -> LoginAcceptance:
        return LoginAcceptance(
            subject=self.subject,
            remember=self.remember,
            remember_for=self.remember_for,
            acr=self.acr,
            amr=list(self.amr),
            context=json_object(self.context, "context"),
        )


@strawberry.input(description="Hydra's AcceptConsentRequest.")
class OAuth2ConsentAcceptInput:
    grant_scope: list[str] = strawberry.field(default_factory=list)
    grant_access_token_audience: list[str] = strawberry.field(default_factory=list)
    remember: bool = False
    remember_for: int = 0
    access_token_claims: JSON | None = None
    id_token_claims: JSON | None = None

    def typed(self) -> ConsentAcceptance:
        return ConsentAcceptance(
            grant_scope=list(self.grant_scope),
            grant_access_token_audience=list(self.grant_access_token_audience),
            remember=self.remember,
            remember_for=self.remember_for,
            access_token=json_object(self.access_token_claims, "accessTokenClaims"),
            id_token=json_object(self.id_token_claims, "idTokenClaims"),
        )


@strawberry.input(description="Hydra's RejectRequest.")
class OAuth2RejectInput:
    error: str = ""
    error_description: str = ""
    error_hint: str = ""
    status_code: int = 0

    def typed(self) -> Rejection:
        return Rejection(self.error, self.error_description, self.error_hint, "", self.status_code)


@strawberry.type
class OAuth2Mutation:
    @mutation(description="Accept a login request by its challenge.")
    async def oauth2_login_accept(
        self, info: Info, challenge: str, input: OAuth2LoginAcceptInput
    ) -> OAuth2RedirectPayload:
        url = await challenges.accept_login(info.context.actor, challenge, input.typed())
        return OAuth2RedirectPayload(redirect_to=url)

    @mutation(description="Accept a consent request by its challenge.")
    async def oauth2_consent_accept(
        self, info: Info, challenge: str, input: OAuth2ConsentAcceptInput
    ) -> OAuth2RedirectPayload:
        url = await challenges.accept_consent(info.context.actor, challenge, input.typed())
        return OAuth2RedirectPayload(redirect_to=url)

    @mutation(description="Accept a logout request by its challenge.")
    async def oauth2_logout_accept(self, info: Info, challenge: str) -> OAuth2RedirectPayload:
        return OAuth2RedirectPayload(
            redirect_to=await challenges.accept_logout(info.context.actor, challenge)
        )

    @mutation(description="Reject a login or consent request; a logout request is dropped (no redirect).")
    async def oauth2_request_reject(
        self, info: Info, kind: OAuth2RequestKind, challenge: str, input: OAuth2RejectInput | None = None
    ) -> OAuth2RedirectPayload:
        if kind is OAuth2RequestKind.LOGOUT:
            await logout.reject_logout(info.context.actor, challenge)
            return OAuth2RedirectPayload()
        body = input.typed() if input else Rejection()
        return OAuth2RedirectPayload(
            redirect_to=await challenges.reject(info.context.actor, kind.value, challenge, body)
        )

    @mutation(
        description="Revoke a subject's consent sessions to one client (`clientId`) or to all, and the tokens"
        " issued under them."
    )
    async def oauth2_consent_sessions_revoke(
        self, info: Info, subject: str, client_id: str | None = None, all: bool = False
    ) -> OkPayload:
        await consents.revoke_consent_sessions(info.context.actor, subject, client_id, all)
        return OkPayload(ok=True)

    @mutation(description="End a subject's login sessions (its tokens stay).")
    async def oauth2_login_sessions_revoke(self, info: Info, subject: str) -> OkPayload:
        await consents.revoke_login_sessions(info.context.actor, subject)
        return OkPayload(ok=True)
