"""A realm's localization texts (``/localization``): per locale, a map of message keys to texts, kept in
the realm's ``localizationTexts`` setting as Keycloak's RealmRepresentation holds them, so that a realm
export and import carry them as they are. Writers lock the realm's row: concurrent edits of two keys both
land."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import InvalidInput, NotFound
from models import Realm
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor

KEY = "localizationTexts"
TEXT_MISSING = "Localization text not found"


def texts_of(config: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    found = config.get(KEY)
    return found if isinstance(found, dict) else {}


def check_texts(value: Any) -> dict[str, dict[str, str]]:
    """A ``localizationTexts`` document (locale -> key -> text) as a realm create or update gives it."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInput(f"{KEY} must be an object", field=KEY)
    for locale, texts in value.items():
        check_locale(locale)
        if not isinstance(texts, dict) or not all(isinstance(t, str) for t in texts.values()):
            raise InvalidInput(f"{KEY}.{locale} must map keys to texts", field=KEY)
    return value


def check_locale(locale: Any) -> str:
    if not isinstance(locale, str) or not locale.strip() or len(locale) > 64:
        raise InvalidInput("Invalid locale", field="locale")
    return locale


async def list_locales(actor: Actor | None, realm_name: str) -> list[str]:
    """The locales that have texts."""
    rights.require_any(actor, realm_name)
    realm = await lookup.realm_by_name(realm_name)
    return sorted(locale for locale, texts in texts_of(realm.config).items() if texts)


async def get_texts(
    actor: Actor | None, realm_name: str, locale: str, default_fallback: bool = False
) -> dict[str, str]:
    """The locale's texts; with ``default_fallback``, under them those of the realm's default locale."""
    rights.require_any(actor, realm_name)
    realm = await lookup.realm_by_name(realm_name)
    texts = texts_of(realm.config)
    default = realm.config.get("defaultLocale")
    under = texts.get(default, {}) if default_fallback and isinstance(default, str) else {}
    return {**under, **texts.get(locale, {})}


async def get_text(actor: Actor | None, realm_name: str, locale: str, key: str) -> str:
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    text = texts_of(realm.config).get(locale, {}).get(key)
    if text is None:
        raise NotFound(TEXT_MISSING)
    return text


async def _change(realm_name: str, change: Any) -> None:
    """Run ``change`` on the locked realm's texts (a mutable copy) and store them."""
    realm = await lookup.realm_by_name(realm_name)
    async with in_transaction():
        locked = await Realm.select_for_update().get(id=realm.id)
        texts = {locale: dict(t) for locale, t in texts_of(locked.config).items()}
        change(texts)
        locked.config = {**locked.config, KEY: {locale: t for locale, t in texts.items() if t}}
        await locked.save(update_fields=["config"])


async def set_text(actor: Actor | None, realm_name: str, locale: str, key: str, text: str) -> None:
    rights.require(actor, realm_name, "manage-realm")
    check_locale(locale)
    await _change(realm_name, lambda texts: texts.setdefault(locale, {}).__setitem__(key, text))


async def import_texts(actor: Actor | None, realm_name: str, locale: str, given: Any) -> None:
    """Add or replace the texts ``given`` (key -> text); the locale's other texts stay."""
    rights.require(actor, realm_name, "manage-realm")
    check_locale(locale)
    if not isinstance(given, dict) or not all(isinstance(v, str) for v in given.values()):
        raise InvalidInput("The body must be a JSON object of texts")
    await _change(realm_name, lambda texts: texts.setdefault(locale, {}).update(given))


async def delete_texts(actor: Actor | None, realm_name: str, locale: str) -> None:
    rights.require(actor, realm_name, "manage-realm")

    def drop(texts: dict[str, dict[str, str]]) -> None:
        if not texts.pop(locale, None):
            raise NotFound(f"No localization texts for locale {locale} found.")

    await _change(realm_name, drop)


async def delete_text(actor: Actor | None, realm_name: str, locale: str, key: str) -> None:
    rights.require(actor, realm_name, "manage-realm")

    def drop(texts: dict[str, dict[str, str]]) -> None:
        if texts.get(locale, {}).pop(key, None) is None:
            raise NotFound(TEXT_MISSING)

    await _change(realm_name, drop)
