"""Realms: create (seeded as Keycloak seeds one), read, update, delete, and the events configuration.
Secret settings (the SMTP password) are sealed when written and masked in every view."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import Conflict, Forbidden, InvalidInput
from models import Realm
from resolvers.client_policies import documents as client_policies
from resolvers.components import defaults as key_defaults
from resolvers.events.config import check_events_settings
from resolvers.events.records import record_admin_event
from resolvers.kit import lookup, rights, secrets
from resolvers.kit.actor import Actor
from resolvers.localization.texts import check_texts
from resolvers.realms import admin_clients
from resolvers.realms import importer as realm_import
from resolvers.realms import seed as realm_seed
from resolvers.realms.defaults import BOOL_SETTINGS, INT_SETTINGS, NOT_SETTINGS, default_config
from resolvers.realms.import_clients import check_free_ids
from resolvers.realms.views import RealmView, realm_view

_NAME = re.compile(r"^[^/\\\s#%?]{1,255}$")


@dataclass(frozen=True)
class RealmFields:
    """A realm's fields. Realm settings are one document by design, so ``settings`` takes any of them
    by Keycloak's name (``displayName`` too; ``display_name``, when given, wins over it). ``None`` leaves
    a field as it is on update. Values come from the caller unchecked; the resolvers check them."""

    name: str | None = None
    realm_id: str | None = None
    """Only on create: the realm's id, its name when not given."""
    enabled: bool | None = None
    display_name: str | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)

    def representation(self) -> dict[str, Any]:
        """These fields as one RealmRepresentation-shaped document (what the admin event records when the
        caller has no document of its own)."""
        rep = dict(self.settings)
        if self.realm_id is not None:
            rep["id"] = self.realm_id
        if self.name is not None:
            rep["realm"] = self.name
        if self.enabled is not None:
            rep["enabled"] = self.enabled
        if self.display_name is not None:
            rep["displayName"] = self.display_name
        return rep


def _settings_of(fields: RealmFields, stored: dict[str, Any]) -> dict[str, Any]:
    """The settings to store, type-checked where rules depend on the type, their secrets sealed (a
    masked secret keeps the ``stored`` one)."""
    if not isinstance(fields.settings, Mapping):
        raise InvalidInput("settings must be an object", field="settings")
    settings = {k: v for k, v in fields.settings.items() if k not in NOT_SETTINGS}
    if fields.display_name is not None:
        settings["displayName"] = fields.display_name
    for key, value in settings.items():
        if value is None:
            continue
        if key in BOOL_SETTINGS and not isinstance(value, bool):
            raise InvalidInput(f"{key} must be a boolean", field=key)
        if key in INT_SETTINGS and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidInput(f"{key} must be an integer", field=key)
    if "attributes" in settings and not isinstance(settings["attributes"], dict):
        raise InvalidInput("attributes must be an object", field="attributes")
    check_events_settings(settings)
    check_texts(settings.get("localizationTexts"))
    client_policies.check_settings(settings, stored)
    return secrets.seal("REALM", settings, stored)


def _enabled(value: Any, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidInput("enabled must be a boolean", field="enabled")
    return value


async def create_realm(
    actor: Actor | None,
    fields: RealmFields,
    contents: realm_import.RealmContents | None = None,
    *,
    representation: Any = None,
) -> RealmView:
    """A new realm, seeded as Keycloak seeds one, with ``contents`` (roles, clients, groups, users of a
    realm export) created in the same transaction. The admin event records ``representation`` (the
    caller's document, its secrets masked) or, without one, the fields."""
    actor = rights.require_create_realm(actor)
    name = fields.name
    if not isinstance(name, str) or not _NAME.match(name):
        raise InvalidInput(
            "Realm name must be a non-empty string without '/', '\\', '#', '%', '?' or spaces", field="realm"
        )
    realm_id = fields.realm_id or name
    if not isinstance(realm_id, str) or not _NAME.match(realm_id):
        raise InvalidInput("Realm id must be a non-empty string", field="id")
    config = default_config() | _settings_of(fields, {})
    enabled = _enabled(fields.enabled, False)
    if await Realm.filter(name=name).exists() or await Realm.filter(id=realm_id).exists():
        raise Conflict(f"Realm {name} already exists")
    await admin_clients.require_admin_client_free(name)
    signing_keys = await key_defaults.default_keys(
        str(config.get("defaultSignatureAlgorithm") or "RS256"), name
    )
    hashed = await realm_import.hash_passwords(contents) if contents else {}
    if contents is not None:
        await check_free_ids(contents.clients)
    async with in_transaction():
        realm = await Realm.create(id=realm_id, name=name, enabled=enabled, config=config)
        await realm_seed.seed_realm(
            realm, signing_keys, contents.clients.builtin_client_ids() if contents else None
        )
        await admin_clients.grant_to_creator(actor, realm)
        if contents is not None and not contents.is_empty():
            await realm_import.apply(realm, contents, hashed, actor)
        await record_admin_event(
            realm,
            actor,
            "CREATE",
            "REALM",
            "",
            fields.representation() if representation is None else representation,
        )
    return realm_view(actor, realm)


async def list_realms(actor: Actor | None) -> list[RealmView]:
    actor = rights.require_authenticated(actor)
    realms = await Realm.all().order_by("name")
    visible = [realm_view(actor, r) for r in realms if rights.can_any(actor, r.name)]
    if not visible and not rights.is_super_admin(actor):
        raise Forbidden("No admin rights in any realm")
    return visible


async def get_realm(actor: Actor | None, name: str) -> RealmView:
    """The realm as the caller may see it: every setting (secrets masked) with view-realm, the reduced
    few with any other admin right in it."""
    actor = rights.require_any(actor, name)
    return realm_view(actor, await lookup.realm_by_name(name))


async def update_realm(
    actor: Actor | None, name: str, fields: RealmFields, *, representation: Any = None
) -> RealmView:
    """Change a realm's name, enabled flag and settings (settings not named stay as they are)."""
    actor = rights.require(actor, name, "manage-realm")
    realm = await lookup.realm_by_name(name)
    new_name = realm.name if fields.name is None else fields.name
    if new_name != realm.name:
        if realm.name == rights.MASTER:
            raise InvalidInput("The master realm cannot be renamed", field="realm")
        if not isinstance(new_name, str) or not _NAME.match(new_name):
            raise InvalidInput("Realm name must be a non-empty string", field="realm")
        if await Realm.filter(name=new_name).exists():
            raise Conflict(f"Realm {new_name} already exists")
        await admin_clients.require_admin_client_free(new_name)
    old_name = realm.name
    realm.config = realm.config | _settings_of(fields, realm.config)
    realm.enabled = _enabled(fields.enabled, realm.enabled)
    realm.name = new_name
    async with in_transaction():
        await realm.save()
        if new_name != old_name:
            await admin_clients.rename_admin_client(old_name, new_name)
        await record_admin_event(
            realm,
            actor,
            "UPDATE",
            "REALM",
            "",
            fields.representation() if representation is None else representation,
        )
    return realm_view(actor, realm)


async def delete_realm(actor: Actor | None, name: str) -> None:
    actor = rights.require_delete_realm(actor, name)
    realm = await lookup.realm_by_name(name)
    if realm.name == rights.MASTER:
        raise InvalidInput("The master realm cannot be deleted")
    async with in_transaction():
        await realm.delete()
        await admin_clients.delete_admin_client(name)
        master = await lookup.realm_or_none(rights.MASTER)
        if master is not None:
            await record_admin_event(master, actor, "DELETE", "REALM", f"realms/{name}")


async def realms_by_ids(actor: Actor | None, realm_ids: list[str]) -> list[Realm | None]:
    """Batch loader: realms by id, ``None`` where missing or not visible to ``actor``."""
    actor = rights.require_authenticated(actor)
    found = {r.id: r for r in await Realm.filter(id__in=realm_ids)}
    return [
        r if r is not None and rights.can_any(actor, r.name) else None
        for r in (found.get(i) for i in realm_ids)
    ]


async def realm_views_by_ids(actor: Actor | None, realm_ids: list[str]) -> list[RealmView | None]:
    """Batch loader: realms by id as ``actor`` may see them, ``None`` where missing or not visible."""
    found = await realms_by_ids(actor, realm_ids)
    viewer = rights.require_authenticated(actor)
    return [None if r is None else realm_view(viewer, r) for r in found]


async def seal_plain_secrets() -> int:
    """Seal the secret settings stored in the clear before secrets were sealed; how many realms changed.
    Run on start, so that a database of an older version holds no plain secret for long."""
    changed = 0
    for realm_id in await Realm.all().values_list("id", flat=True):
        async with in_transaction():
            realm = await Realm.select_for_update().get(id=realm_id)
            sealed = secrets.seal_plain("REALM", realm.config)
            if sealed is not None:
                realm.config = sealed
                await realm.save(update_fields=["config"])
                changed += 1
    return changed
