"""JSON Web Key sets of a realm (Hydra's ``/keys``): public parts only."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.keys.views import KeyView


@strawberry.type(description="A JSON Web Key of a realm's key set; only its public parts are shown.")
class JsonWebKey:
    view: strawberry.Private[KeyView]

    @strawberry.field
    def kid(self) -> str:
        return self.view.kid

    @strawberry.field
    def alg(self) -> str:
        return self.view.algorithm

    @strawberry.field
    def use(self) -> str:
        return self.view.use

    @strawberry.field
    def kty(self) -> str:
        return str(self.view.jwk.get("kty", ""))

    @strawberry.field(description="The key's public parameters as a JWK (an HMAC key's secret never shows).")
    def jwk(self) -> JSON:
        return JSON(dict(self.view.jwk))


@strawberry.type(
    description="A named set of keys; `hydra.openid.id-token` is the realm's own token-signing keys."
)
class KeySet:
    name: str
    keys: list[JsonWebKey]
