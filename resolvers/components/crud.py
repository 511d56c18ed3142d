"""Components of a realm, as Keycloak's ``ComponentResource`` serves them: any provider type stored and
returned faithfully; key providers (``org.keycloak.keys.KeyProvider``) make and keep their keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import Conflict, InvalidInput, NotFound
from models import Component, Key, Realm
from resolvers.auth import keys as realm_keys
from resolvers.components import config as configs
from resolvers.components import providers
from resolvers.components.material import Material
from resolvers.kit import lookup, rights, secrets
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event

KIND = "COMPONENT"
COMPONENT_MISSING = "Could not find component"


@dataclass(frozen=True)
class ComponentFields:
    """A ComponentRepresentation's fields, unchecked."""

    name: Any = None
    provider_id: Any = None
    provider_type: Any = None
    parent_id: Any = None
    sub_type: Any = None
    config: Any = None
    id: Any = None


@dataclass(frozen=True)
class ComponentView:
    model: Component
    config: dict[str, list[str]]


def view_of(component: Component, keys: list[Key]) -> ComponentView:
    """Secrets masked; a key provider shows its key as Keycloak does (the private part masked, the
    certificate or the kid in the clear)."""
    shown = configs.shown(component.config)
    for key in keys:
        if key.public_jwk.get("kty") == "oct":
            shown |= {"kid": [key.kid], "secret": [secrets.SECRET_VALUE]}
        else:
            shown["privateKey"] = [secrets.SECRET_VALUE]
            if key.public_jwk.get("x5c"):
                shown["certificate"] = [key.public_jwk["x5c"][0]]
    return ComponentView(component, shown)


async def _views(components: list[Component]) -> list[ComponentView]:
    by_component: dict[str, list[Key]] = {}
    ids = [c.id for c in components if c.provider_type == providers.KEY_PROVIDER]
    for key in await Key.filter(component_id__in=ids) if ids else []:
        by_component.setdefault(str(key.component_id), []).append(key)
    return [view_of(c, by_component.get(c.id, [])) for c in components]


async def component_in_realm(realm: Realm, component_id: str) -> Component:
    found = await Component.get_or_none(realm_id=realm.id, id=component_id)
    if found is None:
        raise NotFound(COMPONENT_MISSING)
    return found


async def list_components(
    actor: Actor | None,
    realm_name: str,
    parent: str | None = None,
    provider_type: str | None = None,
    name: str | None = None,
) -> list[ComponentView]:
    """Keycloak's filters: a type without a parent means the realm's own components of that type."""
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    query = Component.filter(realm_id=realm.id)
    if provider_type is not None:
        query = query.filter(provider_type=provider_type, parent_id=parent or realm.id)
    elif parent is not None:
        query = query.filter(parent_id=parent)
    if name is not None:
        query = query.filter(name=name)
    return await _views(await query.order_by("created_at", "id"))


async def get_component(actor: Actor | None, realm_name: str, component_id: str) -> ComponentView:
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    return (await _views([await component_in_realm(realm, component_id)]))[0]


def _string(value: Any, name: str, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value):
        raise InvalidInput(f"{name} is required" if value is None else f"{name} must be a string", field=name)
    return value


async def _material(realm: Realm, provider_id: str, config: dict[str, list[str]]) -> Material:
    providers.checked(provider_id, config)
    made = await providers.make_key(provider_id, config, realm.name)
    if await Key.filter(kid=made.kid).exists():
        raise Conflict("A key with the same kid exists already")
    return made


async def _stored_keys(component: Component, made: Material | None) -> None:
    if made is not None:
        await Key.filter(component_id=component.id).delete()
        await providers.key_row(component, made).save(force_create=True)
    else:
        await Key.filter(component_id=component.id).update(
            active=providers.flag(component.config, "active"),
            enabled=providers.flag(component.config, "enabled"),
            priority=providers.priority(component.config),
        )
    await realm_keys.forget(component.realm_id)


async def create_component(actor: Actor | None, realm_name: str, fields: ComponentFields) -> ComponentView:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    provider_id = _string(fields.provider_id, "providerId", required=True)
    provider_type = _string(fields.provider_type, "providerType", required=True)
    assert provider_id is not None and provider_type is not None
    given_id = _string(fields.id, "id")
    if given_id and await Component.filter(id=given_id).exists():
        raise Conflict("Component with the same id exists already")
    config = configs.parsed(fields.config)
    made = None
    if provider_type == providers.KEY_PROVIDER:
        made = await _material(realm, provider_id, config)
        config = providers.settings_of(config)
    async with in_transaction():
        component = Component(
            realm_id=realm.id,
            name=_string(fields.name, "name") or provider_id,
            provider_id=provider_id,
            provider_type=provider_type,
            parent_id=_string(fields.parent_id, "parentId") or realm.id,
            sub_type=_string(fields.sub_type, "subType"),
            config=configs.sealed(config, {}),
        )
        if given_id:
            component.id = given_id
        await component.save(force_create=True)
        if made is not None:
            await _stored_keys(component, made)
        view = (await _views([component]))[0]
        await record_admin_event(realm, actor, "CREATE", KIND, f"components/{component.id}", _rep(view))
    return view


def _rep(view: ComponentView) -> dict[str, Any]:
    c = view.model
    return {
        "id": c.id,
        "name": c.name,
        "providerId": c.provider_id,
        "providerType": c.provider_type,
        "parentId": c.parent_id,
        "subType": c.sub_type,
        "config": view.config,
    }


def _changes_key(provider_id: str, given: dict[str, list[str]], stored: dict[str, list[str]]) -> bool:
    spec = providers.SPECS[provider_id]
    for name in spec.material_keys:
        value = given.get(name)
        if name in providers.SECRET_INPUTS:
            if value and value != [secrets.SECRET_VALUE] and name == "privateKey":
                return True
        elif value is not None and value != stored.get(name):
            return True
    return providers.algorithm(provider_id, given) != providers.algorithm(provider_id, stored)


async def update_component(
    actor: Actor | None, realm_name: str, component_id: str, fields: ComponentFields
) -> None:
    """Keycloak's PUT: the representation replaces the component's name, parent, sub type and config; a
    key provider whose key settings changed makes a new key."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    component = await component_in_realm(realm, component_id)
    config = configs.parsed(fields.config)
    made = None
    if component.provider_type == providers.KEY_PROVIDER:
        if _changes_key(component.provider_id, config, component.config):
            made = await _material(realm, component.provider_id, config)
        else:
            providers.checked(component.provider_id, config | {"privateKey": ["kept"]})
        config = providers.settings_of(config)
    async with in_transaction():
        component.name = _string(fields.name, "name") or component.name
        component.parent_id = _string(fields.parent_id, "parentId") or component.parent_id
        component.sub_type = _string(fields.sub_type, "subType")
        component.config = configs.sealed(config, component.config)
        await component.save()
        if component.provider_type == providers.KEY_PROVIDER:
            await _stored_keys(component, made)
        view = (await _views([component]))[0]
        await record_admin_event(realm, actor, "UPDATE", KIND, f"components/{component.id}", _rep(view))


async def delete_component(actor: Actor | None, realm_name: str, component_id: str) -> None:
    """The component, its sub-components and its keys go."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    component = await component_in_realm(realm, component_id)
    async with in_transaction():
        await Component.filter(realm_id=realm.id, parent_id=component.id).delete()
        await component.delete()
        await realm_keys.forget(realm.id)
        await record_admin_event(realm, actor, "DELETE", KIND, f"components/{component.id}")


async def sub_component_types(actor: Actor | None, realm_name: str, component_id: str) -> list[Any]:
    """No provider served here has sub-components (Keycloak's are the LDAP mappers)."""
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    found = await Component.get_or_none(realm_id=realm.id, id=component_id)
    if found is None:
        raise NotFound("Could not find parent component")
    return []
