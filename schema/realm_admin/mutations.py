"""Realm administration writes without a type of their own: localization texts, client profiles and
policies, the cache clearing actions, the users' permissions switch and the SMTP test."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.scalars import JSON

from resolvers.client_policies import documents
from resolvers.localization import texts as localization
from resolvers.realm_maintenance import caches, smtp_test
from resolvers.users import permissions
from schema.identity_providers.mutations import PermissionsPayload
from schema.kit.context import Info
from schema.kit.mutations import OkPayload, mutation


@strawberry.enum(description="The caches Keycloak's clear-*-cache actions drop.")
class RealmCache(Enum):
    REALM = "realm"
    USER = "user"
    KEYS = "keys"


@strawberry.type
class RealmAdminMutation:
    @mutation(description="Set one localization text of a locale.")
    async def localization_text_set(
        self, info: Info, realm: str, locale: str, key: str, text: str
    ) -> OkPayload:
        await localization.set_text(info.context.actor, realm, locale, key, text)
        return OkPayload(ok=True)

    @mutation(description="Add or replace texts of a locale (key -> text); its other texts stay.")
    async def localization_texts_import(self, info: Info, realm: str, locale: str, texts: JSON) -> OkPayload:
        await localization.import_texts(info.context.actor, realm, locale, texts)
        return OkPayload(ok=True)

    @mutation()
    async def localization_text_delete(self, info: Info, realm: str, locale: str, key: str) -> OkPayload:
        await localization.delete_text(info.context.actor, realm, locale, key)
        return OkPayload(ok=True, deleted_id=key)

    @mutation(description="Delete every text of a locale.")
    async def localization_texts_delete(self, info: Info, realm: str, locale: str) -> OkPayload:
        await localization.delete_texts(info.context.actor, realm, locale)
        return OkPayload(ok=True, deleted_id=locale)

    @mutation(description='Replace the realm\'s client profiles (`{"profiles": [...]}`).')
    async def client_profiles_set(self, info: Info, realm: str, profiles: JSON) -> OkPayload:
        await documents.set_profiles(info.context.actor, realm, profiles)
        return OkPayload(ok=True)

    @mutation(description='Replace the realm\'s client policies (`{"policies": [...]}`).')
    async def client_policies_set(self, info: Info, realm: str, policies: JSON) -> OkPayload:
        await documents.set_policies(info.context.actor, realm, policies)
        return OkPayload(ok=True)

    @mutation(description="Drop one of the realm's caches on every instance.")
    async def realm_cache_clear(self, info: Info, realm: str, cache: RealmCache) -> OkPayload:
        await caches.clear(info.context.actor, realm, cache.value)
        return OkPayload(ok=True)

    @mutation(description="Turn fine-grained permissions for the realm's users on or off.")
    async def users_management_permissions_set(
        self, info: Info, realm: str, enabled: bool
    ) -> PermissionsPayload:
        found = await permissions.set_enabled(info.context.actor, realm, enabled)
        return PermissionsPayload(permissions=JSON(dict(found)))

    @mutation(
        description="Send Keycloak's test message to the caller's e-mail through the given `smtpServer` "
        "settings (a masked password stands for the stored one)."
    )
    async def smtp_connection_test(self, info: Info, realm: str, settings: JSON) -> OkPayload:
        await smtp_test.test_connection(info.context.actor, realm, settings)
        return OkPayload(ok=True)
