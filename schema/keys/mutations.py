"""Key set mutations: Hydra's generate, put and delete of keys and sets."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.keys import sets
from schema.keys.types import JsonWebKey, KeySet
from schema.kit.context import Info
from schema.kit.mutations import MutationError, OkPayload, mutation


@strawberry.type
class KeyPayload:
    key: JsonWebKey | None = None
    private_jwk: JSON | None = strawberry.field(
        default=None, description="The generated key with its private parts: shown once, by the generate."
    )
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class KeySetPayload:
    key_set: KeySet | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class KeyMutation:
    @mutation(description="A new key in the set (RS256, RS512, ES256, ES512, HS256, HS512 or EdDSA).")
    async def key_generate(
        self, info: Info, realm: str, set: str, alg: str, kid: str | None = None, use: str | None = None
    ) -> KeyPayload:
        made = await sets.generate_key(info.context.actor, realm, set, alg, kid, use)
        public = await sets.get_key(info.context.actor, realm, set, made.kid)
        return KeyPayload(key=JsonWebKey(view=public), private_jwk=JSON(made.jwk))

    @mutation(
        description="The set replaced by the given JWKs (Hydra's `private:`/`public:` kids understood)."
    )
    async def key_set_put(self, info: Info, realm: str, set: str, keys: JSON) -> KeySetPayload:
        views = await sets.put_key_set(info.context.actor, realm, set, keys)
        return KeySetPayload(key_set=KeySet(name=set, keys=[JsonWebKey(view=v) for v in views]))

    @mutation()
    async def key_put(self, info: Info, realm: str, set: str, kid: str, jwk: JSON) -> KeyPayload:
        return KeyPayload(key=JsonWebKey(view=await sets.put_key(info.context.actor, realm, set, kid, jwk)))

    @mutation(description="A key, or with no kid the whole set; the signing set always keeps a signing key.")
    async def key_delete(self, info: Info, realm: str, set: str, kid: str | None = None) -> OkPayload:
        await sets.delete_keys(info.context.actor, realm, set, kid)
        return OkPayload(ok=True)
