"""The engine's objects as the graph shows them; challenges, verifiers, codes and cookies never appear."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from models import AuthRequest as AuthRequestModel
from models import LoginSession as LoginSessionModel
from models import Token as TokenModel
from resolvers.oauth2.listing import requests_by_ids
from schema.kit.context import Info
from schema.kit.node import Node, load_node, register_node

if TYPE_CHECKING:
    from schema.clients.types import Client
    from schema.users.types import User


@strawberry.enum(description="What an auth request asks its app: to log in, to consent, to log out.")
class OAuth2RequestKind(Enum):
    LOGIN = "login"
    CONSENT = "consent"
    LOGOUT = "logout"


@strawberry.type(
    description="A login, consent or logout request of an OAuth2 flow. An accepted consent request is a"
    " consent session."
)
class OAuth2AuthRequest(Node):
    model: strawberry.Private[AuthRequestModel]

    def node_key(self) -> str:
        return self.model.id

    @strawberry.field
    def kind(self) -> OAuth2RequestKind:
        return OAuth2RequestKind(self.model.kind)

    @strawberry.field(description="The subject the login app accepted (any string, not only a user's).")
    def subject(self) -> str | None:
        return self.model.subject

    @strawberry.field(description="The realm user the subject names (by id or username), if any.")
    async def user(self, info: Info) -> Annotated[User, strawberry.lazy("schema.users.types")] | None:
        if not self.model.user_id:
            return None
        found: User | None = await load_node(info, "User", self.model.user_id)
        return found

    @strawberry.field
    async def client(self, info: Info) -> Annotated[Client, strawberry.lazy("schema.clients.types")] | None:
        if not self.model.client_id:
            return None
        found: Client | None = await load_node(info, "Client", self.model.client_id)
        return found

    @strawberry.field
    def requested_scope(self) -> list[str]:
        return [str(s) for s in self.model.requested_scope]

    @strawberry.field
    def requested_audience(self) -> list[str]:
        return [str(a) for a in self.model.requested_audience]

    @strawberry.field(description="Whether the app may skip asking (a remembered login or consent).")
    def skip(self) -> bool:
        return self.model.skip

    @strawberry.field
    def request_url(self) -> str:
        return self.model.request_url

    @strawberry.field(description="Epoch milliseconds.")
    def requested_at(self) -> float:
        return float(self.model.requested_at)

    @strawberry.field(description="Epoch milliseconds; null while pending.")
    def handled_at(self) -> float | None:
        return None if self.model.handled_at is None else float(self.model.handled_at)

    @strawberry.field(description="Whether the app rejected the request.")
    def rejected(self) -> bool:
        return "error" in self.model.outcome

    @strawberry.field(description="The app's answer in Hydra's names (accept or reject body).")
    def outcome(self) -> JSON | None:
        return JSON(dict(self.model.outcome)) if self.model.handled_at is not None else None

    @strawberry.field(description="A consent's granted scope.")
    def grant_scope(self) -> list[str]:
        return [str(s) for s in self.model.outcome.get("grant_scope") or []]

    @strawberry.field
    def remember(self) -> bool:
        return self.model.remember


register_node(OAuth2AuthRequest, requests_by_ids, lambda model: OAuth2AuthRequest(model=model))


@strawberry.type(description="A browser's remembered authentication.")
class OAuth2LoginSession:
    model: strawberry.Private[LoginSessionModel]

    @strawberry.field(description="The session's public id (the ID tokens' `sid`).")
    def sid(self) -> str:
        return self.model.sid

    @strawberry.field
    def subject(self) -> str:
        return self.model.subject

    @strawberry.field
    def remember(self) -> bool:
        return self.model.remember

    @strawberry.field(description="Epoch milliseconds.")
    def authenticated_at(self) -> float:
        return float(self.model.authenticated_at)

    @strawberry.field(description="Epoch milliseconds; null for a session of the browser's life.")
    def expires_at(self) -> float | None:
        return None if self.model.expires_at is None else float(self.model.expires_at)


@strawberry.type(description="An access or refresh token's record (never the token itself).")
class OAuth2Token:
    model: strawberry.Private[TokenModel]

    @strawberry.field(description="The token's `jti`.")
    def token_id(self) -> str:
        return self.model.id

    @strawberry.field(description="`access` or `refresh`.")
    def kind(self) -> str:
        return self.model.kind

    @strawberry.field
    def scope(self) -> str:
        return self.model.scope

    @strawberry.field
    async def client(self, info: Info) -> Annotated[Client, strawberry.lazy("schema.clients.types")] | None:
        if not self.model.client_id:
            return None
        found: Client | None = await load_node(info, "Client", self.model.client_id)
        return found

    @strawberry.field(description="Epoch milliseconds.")
    def issued_at(self) -> float:
        return float(self.model.issued_at)

    @strawberry.field(description="Epoch milliseconds.")
    def expires_at(self) -> float:
        return float(self.model.expires_at)

    @strawberry.field
    def revoked(self) -> bool:
        return self.model.revoked
