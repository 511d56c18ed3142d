"""Realm mutations."""

from __future__ import annotations

import strawberry

from resolvers.realms import crud as realms
from schema.kit.context import Info
from schema.kit.mutations import MutationError, OkPayload, mutation
from schema.realms.inputs import RealmInput
from schema.realms.types import Realm


@strawberry.type
class RealmPayload:
    realm: Realm | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class RealmMutation:
    @mutation()
    async def realm_create(self, info: Info, input: RealmInput) -> RealmPayload:
        made = await realms.create_realm(info.context.actor, input.fields())
        # The creator sent the settings; an update needs manage-realm, which shows them too.
        return RealmPayload(realm=Realm(view=realms.RealmView(made, settings_visible=True)))

    @mutation()
    async def realm_update(self, info: Info, name: str, input: RealmInput) -> RealmPayload:
        changed = await realms.update_realm(info.context.actor, name, input.fields())
        return RealmPayload(realm=Realm(view=realms.RealmView(changed, settings_visible=True)))

    @mutation()
    async def realm_delete(self, info: Info, name: str) -> OkPayload:
        await realms.delete_realm(info.context.actor, name)
        return OkPayload(ok=True, deleted_id=name)
