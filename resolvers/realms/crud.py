"""Realms: create (seeded as Keycloak seeds one), read, update, delete, and the events configuration."""

from __future__ import annotations

import re
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import Conflict, Forbidden, InvalidInput
from models import Realm
from resolvers.auth.keys import new_private_key
from resolvers.events.records import EVENTS_CONFIG_KEYS, record_admin_event
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.kit.lookup import realm_by_name
from resolvers.realms import importer as realm_import
from resolvers.realms import seed as realm_seed
from resolvers.realms.defaults import BOOL_SETTINGS, INT_SETTINGS, NOT_SETTINGS, default_config

_NAME = re.compile(r"^[^/\\\s#%?]{1,255}$")


def _settings_from(rep: dict[str, Any]) -> dict[str, Any]:
    """The settings part of a RealmRepresentation, type-checked where rules depend on the type."""
    settings = {k: v for k, v in rep.items() if k not in NOT_SETTINGS}
    for key, value in settings.items():
        if value is None:
            continue
        if key in BOOL_SETTINGS and not isinstance(value, bool):
            raise InvalidInput(f"{key} must be a boolean", field=key)
        if key in INT_SETTINGS and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidInput(f"{key} must be an integer", field=key)
    if "attributes" in settings and not isinstance(settings["attributes"], dict):
        raise InvalidInput("attributes must be an object", field="attributes")
    return settings


def _enabled(rep: dict[str, Any], default: bool) -> bool:
    value = rep.get("enabled", default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidInput("enabled must be a boolean", field="enabled")
    return value


async def create_realm(
    actor: Actor | None, rep: dict[str, Any], contents: realm_import.RealmContents | None = None
) -> Realm:
    """A new realm, seeded as Keycloak seeds one, with ``contents`` (roles, clients, groups, users of a
    realm export) created in the same transaction."""
    actor = rights.require_create_realm(actor)
    name = rep.get("realm")
    if not isinstance(name, str) or not _NAME.match(name):
        raise InvalidInput(
            "Realm name must be a non-empty string without '/', '\\', '#', '%', '?' or spaces", field="realm"
        )
    realm_id = rep.get("id") or name
    if not isinstance(realm_id, str) or not _NAME.match(realm_id):
        raise InvalidInput("Realm id must be a non-empty string", field="id")
    config = default_config() | _settings_from(rep)
    enabled = _enabled(rep, False)
    if await Realm.filter(name=name).exists() or await Realm.filter(id=realm_id).exists():
        raise Conflict(f"Realm {name} already exists")
    signing_key = await new_private_key(str(config.get("defaultSignatureAlgorithm") or "RS256"))
    hashed = await realm_import.hash_passwords(contents) if contents else {}
    async with in_transaction():
        realm = await Realm.create(id=realm_id, name=name, enabled=enabled, config=config)
        await realm_seed.seed_realm(realm, signing_key)
        if contents is not None and not contents.is_empty():
            await realm_import.apply(realm, contents, hashed)
        await record_admin_event(realm, actor, "CREATE", "REALM", "", rep)
    return realm


async def list_realms(actor: Actor | None) -> list[Realm]:
    actor = rights.require_authenticated(actor)
    realms = await Realm.all().order_by("name")
    visible = [r for r in realms if rights.can_any(actor, r.name)]
    if not visible and not rights.is_super_admin(actor):
        raise Forbidden("No admin rights in any realm")
    return visible


async def get_realm(actor: Actor | None, name: str) -> Realm:
    rights.require_any(actor, name)
    return await realm_by_name(name)


async def update_realm(actor: Actor | None, name: str, rep: dict[str, Any]) -> Realm:
    actor = rights.require(actor, name, "manage-realm")
    realm = await realm_by_name(name)
    new_name = rep.get("realm", realm.name)
    if new_name != realm.name:
        if realm.name == rights.MASTER:
            raise InvalidInput("The master realm cannot be renamed", field="realm")
        if not isinstance(new_name, str) or not _NAME.match(new_name):
            raise InvalidInput("Realm name must be a non-empty string", field="realm")
        if await Realm.filter(name=new_name).exists():
            raise Conflict(f"Realm {new_name} already exists")
    realm.config = realm.config | _settings_from(rep)
    realm.enabled = _enabled(rep, realm.enabled)
    realm.name = new_name
    async with in_transaction():
        await realm.save()
        await record_admin_event(realm, actor, "UPDATE", "REALM", "", rep)
    return realm


async def delete_realm(actor: Actor | None, name: str) -> None:
    actor = (
        rights.require_super_admin(actor)
        if name == rights.MASTER
        else rights.require(actor, name, "manage-realm")
    )
    realm = await realm_by_name(name)
    if realm.name == rights.MASTER:
        raise InvalidInput("The master realm cannot be deleted")
    async with in_transaction():
        await realm.delete()
        master = await Realm.get_or_none(name=rights.MASTER)
        if master is not None:
            await record_admin_event(master, actor, "DELETE", "REALM", f"realms/{name}")


async def update_events_config(actor: Actor | None, name: str, rep: dict[str, Any]) -> Realm:
    actor = rights.require(actor, name, "manage-events")
    realm = await realm_by_name(name)
    unknown = set(rep) - set(EVENTS_CONFIG_KEYS)
    if unknown:
        raise InvalidInput(f"Unknown events config fields: {', '.join(sorted(unknown))}")
    realm.config = realm.config | _settings_from(rep)
    async with in_transaction():
        await realm.save(update_fields=["config"])
        await record_admin_event(realm, actor, "UPDATE", "REALM", "events/config", rep)
    return realm


async def realms_by_ids(actor: Actor | None, realm_ids: list[str]) -> list[Realm | None]:
    """Batch loader: realms by id, ``None`` where missing or not visible to ``actor``."""
    actor = rights.require_authenticated(actor)
    found = {r.id: r for r in await Realm.filter(id__in=realm_ids)}
    return [
        r if r is not None and rights.can_any(actor, r.name) else None
        for r in (found.get(i) for i in realm_ids)
    ]
