"""A client's OAuth2 client metadata (RFC 7591 names, as Hydra's door shows them)."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.clients.oauth2_metadata import OAuth2Metadata as MetadataView


@strawberry.type(description="A client as OAuth2 client metadata (RFC 7591), the view Hydra's door shows.")
class OAuth2Metadata:
    view: strawberry.Private[MetadataView]

    @strawberry.field
    def grant_types(self) -> list[str]:
        return list(self.view.grant_types)

    @strawberry.field
    def response_types(self) -> list[str]:
        return list(self.view.response_types)

    @strawberry.field
    def token_endpoint_auth_method(self) -> str:
        return self.view.token_endpoint_auth_method

    @strawberry.field(description="The scopes the client may ask for, space-separated.")
    def scope(self) -> str:
        return self.view.scope

    @strawberry.field
    def audience(self) -> list[str]:
        return list(self.view.audience)

    @strawberry.field
    def owner(self) -> str:
        return self.view.owner

    @strawberry.field
    def contacts(self) -> list[str]:
        return list(self.view.contacts)

    @strawberry.field
    def client_uri(self) -> str:
        return self.view.client_uri

    @strawberry.field
    def logo_uri(self) -> str:
        return self.view.logo_uri

    @strawberry.field
    def policy_uri(self) -> str:
        return self.view.policy_uri

    @strawberry.field
    def tos_uri(self) -> str:
        return self.view.tos_uri

    @strawberry.field
    def allowed_cors_origins(self) -> list[str]:
        return list(self.view.allowed_cors_origins)

    @strawberry.field
    def post_logout_redirect_uris(self) -> list[str]:
        return list(self.view.post_logout_redirect_uris)

    @strawberry.field
    def subject_type(self) -> str:
        return self.view.subject_type

    @strawberry.field
    def jwks_uri(self) -> str:
        return self.view.jwks_uri

    @strawberry.field(description="The client's own JSON Web Key Set, as given.")
    def jwks(self) -> JSON | None:
        return JSON(self.view.jwks) if self.view.jwks is not None else None

    @strawberry.field(description="Free-form metadata the client was given (Hydra's `metadata`).")
    def metadata(self) -> JSON | None:
        return JSON(self.view.metadata) if self.view.metadata is not None else None

    @strawberry.field(description="Epoch seconds.")
    def created_at(self) -> int:
        return self.view.created_at

    @strawberry.field(description="Epoch seconds.")
    def updated_at(self) -> int:
        return self.view.updated_at
