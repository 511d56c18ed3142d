"""Identity providers of a realm: list, read, create, update (renaming moves the users' links along),
delete (the users' links go with it), as Keycloak's ``IdentityProvidersResource`` serves them. The
client secret in ``config`` is sealed at rest and masked in every view and admin event."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from core.errors import Conflict, InvalidInput, NotFound
from models import AuthenticationFlow, FederatedIdentity, IdentityProvider, Realm, User
from resolvers.identity_providers import catalog
from resolvers.kit import lookup, rights, secrets, unique
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event

KIND = "IDENTITY_PROVIDER"
PROVIDER_MISSING = "Identity Provider not found"
_RESERVED = ("<", ">", "/", "\\", "%", "?", "#", "&")
_FLOW_KEYS = ("firstBrokerLoginFlowAlias", "postBrokerLoginFlowAlias")
_BOOLEANS = ("trustEmail", "storeToken", "addReadTokenRoleOnCreate", "authenticateByDefault", "linkOnly")
# What Keycloak 24 fills in a representation the caller left them out of.
DEFAULTS: dict[str, Any] = {
    "updateProfileFirstLoginMode": "on",
    "trustEmail": False,
    "storeToken": False,
    "addReadTokenRoleOnCreate": False,
    "authenticateByDefault": False,
    "linkOnly": False,
    "firstBrokerLoginFlowAlias": "first broker login",
}


@dataclass(frozen=True)
class IdentityProviderFields:
    """An IdentityProviderRepresentation's fields: ``settings`` holds every key but these three, in
    Keycloak's names (``config`` among them), unchecked; the resolver checks them."""

    alias: Any
    provider_id: Any
    enabled: Any = None
    settings: Mapping[str, Any] = field(default_factory=dict)

    def representation(self) -> dict[str, Any]:
        return {"alias": self.alias, "providerId": self.provider_id, "enabled": self.enabled, **self.settings}


@dataclass(frozen=True)
class IdentityProviderView:
    """A provider as every view shows it: its settings with the defaults filled in, the secret masked."""

    model: IdentityProvider
    settings: dict[str, Any]

    @property
    def alias(self) -> str:
        return self.model.alias


def view_of(idp: IdentityProvider) -> IdentityProviderView:
    return IdentityProviderView(idp, DEFAULTS | secrets.mask(KIND, idp.settings))


async def provider_in_realm(realm: Realm, alias: str) -> IdentityProvider:
    found = await IdentityProvider.get_or_none(realm_id=realm.id, alias=alias)
    if found is None:
        raise NotFound(PROVIDER_MISSING)
    return found


def _matches(alias: str, search: str | None) -> bool:
    """Keycloak's search: ``"name"`` exact, ``*name*`` contains, ``name*`` (or ``name``) a prefix."""
    if not search:
        return True
    if len(search) > 1 and search.startswith('"') and search.endswith('"'):
        return alias == search[1:-1]
    if search.startswith("*"):
        return search.strip("*").lower() in alias.lower()
    return alias.lower().startswith(search.rstrip("*").lower())


async def list_providers(
    actor: Actor | None, realm_name: str, search: str | None = None, first: int = 0, max_: int | None = None
) -> list[IdentityProviderView]:
    rights.require(actor, realm_name, "view-identity-providers")
    realm = await lookup.realm_by_name(realm_name)
    found = [
        p
        for p in await IdentityProvider.filter(realm_id=realm.id).order_by("alias")
        if _matches(p.alias, search)
    ]
    end = None if max_ is None else first + max_
    return [view_of(p) for p in found[first:end]]


async def get_provider(actor: Actor | None, realm_name: str, alias: str) -> IdentityProviderView:
    rights.require(actor, realm_name, "view-identity-providers")
    realm = await lookup.realm_by_name(realm_name)
    return view_of(await provider_in_realm(realm, alias))


def check_alias(alias: Any) -> str:
    if not isinstance(alias, str) or not alias.strip():
        raise InvalidInput("Identity provider alias is required", field="alias")
    for char in _RESERVED:
        if char in alias:
            raise InvalidInput(f"Character '{char}' not allowed.", field="alias")
    return alias


def _checked(f: IdentityProviderFields, stored: Mapping[str, Any]) -> dict[str, Any]:
    if f.provider_id not in catalog.PROVIDERS:
        raise InvalidInput(f"Invalid identity provider id [{f.provider_id}]", field="providerId")
    if f.enabled is not None and not isinstance(f.enabled, bool):
        raise InvalidInput("enabled must be a boolean", field="enabled")
    settings = {
        k: v for k, v in f.settings.items() if k not in ("internalId", "alias", "providerId", "enabled")
    }
    config = settings.get("config")
    if config is None:
        settings["config"] = {}
    elif not isinstance(config, dict) or not all(isinstance(v, str | None) for v in config.values()):
        raise InvalidInput("config must be an object of strings", field="config")
    for key in _BOOLEANS:
        if settings.get(key) is not None and not isinstance(settings[key], bool):
            raise InvalidInput(f"{key} must be a boolean", field=key)
    for key in ("displayName", "updateProfileFirstLoginMode", *_FLOW_KEYS):
        if settings.get(key) is not None and not isinstance(settings[key], str):
            raise InvalidInput(f"{key} must be a string", field=key)
    return secrets.seal(KIND, settings, stored)


async def _check_flows(realm: Realm, settings: Mapping[str, Any]) -> None:
    for key in _FLOW_KEYS:
        flow = settings.get(key)
        if flow and not await AuthenticationFlow.exists(realm_id=realm.id, alias=flow):
            raise InvalidInput(f"No available authentication flow with alias: {flow}", field=key)


async def add_provider(
    realm: Realm, f: IdentityProviderFields, provider_uuid: str | None = None
) -> IdentityProvider:
    """Create the provider in ``realm`` (in the caller's transaction): the rule shared by the endpoint
    and the realm import."""
    alias = check_alias(f.alias)
    settings = _checked(f, {})
    await _check_flows(realm, settings)
    if await IdentityProvider.exists(realm_id=realm.id, alias=alias):
        raise Conflict(f"Identity Provider {alias} already exists")
    idp = IdentityProvider(
        realm_id=realm.id,
        alias=alias,
        provider_id=f.provider_id,
        enabled=True if f.enabled is None else f.enabled,
        settings=settings,
    )
    if provider_uuid:
        idp.id = provider_uuid
    async with unique.guard(f"Identity Provider {alias} already exists"):
        await idp.save(force_create=True)
    return idp


async def create_provider(
    actor: Actor | None, realm_name: str, f: IdentityProviderFields
) -> IdentityProviderView:
    actor = rights.require(actor, realm_name, "manage-identity-providers")
    realm = await lookup.realm_by_name(realm_name)
    async with unique.transaction(f"Identity Provider {f.alias} already exists"):
        idp = await add_provider(realm, f)
        await record_admin_event(realm, actor, "CREATE", KIND, f"identity-provider/instances/{idp.alias}", f)
    return view_of(idp)


async def update_provider(
    actor: Actor | None, realm_name: str, alias: str, f: IdentityProviderFields
) -> IdentityProviderView:
    """Replace the provider's settings; a masked secret keeps the stored one. A new alias renames it and
    the users' links to it."""
    actor = rights.require(actor, realm_name, "manage-identity-providers")
    realm = await lookup.realm_by_name(realm_name)
    idp = await provider_in_realm(realm, alias)
    new_alias = check_alias(alias if f.alias is None else f.alias)
    provider_id = idp.provider_id if f.provider_id is None else f.provider_id
    settings = _checked(IdentityProviderFields(new_alias, provider_id, f.enabled, f.settings), idp.settings)
    await _check_flows(realm, settings)
    if new_alias != alias and await IdentityProvider.exists(realm_id=realm.id, alias=new_alias):
        raise Conflict(f"Identity Provider {new_alias} already exists")
    idp.alias, idp.provider_id, idp.settings = new_alias, provider_id, settings
    if f.enabled is not None:
        idp.enabled = f.enabled
    async with unique.transaction(f"Identity Provider {new_alias} already exists"):
        await idp.save()
        if new_alias != alias:
            await FederatedIdentity.filter(
                identity_provider=alias, user_id__in=Subquery(User.filter(realm_id=realm.id).values("id"))
            ).update(identity_provider=new_alias)
        await record_admin_event(realm, actor, "UPDATE", KIND, f"identity-provider/instances/{alias}", f)
    return view_of(idp)


async def delete_provider(actor: Actor | None, realm_name: str, alias: str) -> None:
    actor = rights.require(actor, realm_name, "manage-identity-providers")
    realm = await lookup.realm_by_name(realm_name)
    idp = await provider_in_realm(realm, alias)
    async with in_transaction():
        await FederatedIdentity.filter(
            identity_provider=alias, user_id__in=Subquery(User.filter(realm_id=realm.id).values("id"))
        ).delete()
        await idp.delete()
        await record_admin_event(realm, actor, "DELETE", KIND, f"identity-provider/instances/{alias}")


async def provider_factory(actor: Actor | None, realm_name: str, provider_id: str) -> tuple[str, str]:
    """The factory of ``provider_id``: its id and name."""
    rights.require(actor, realm_name, "view-identity-providers")
    await lookup.realm_by_name(realm_name)
    name = catalog.PROVIDERS.get(provider_id)
    if name is None:
        raise InvalidInput(f"Could not find identity provider factory {provider_id}")
    return provider_id, name


async def provider_realm_ids(provider_ids: list[str]) -> dict[str, str]:
    """Which realm each provider is in (unchecked: the caller's rights are checked per realm after)."""
    rows = await IdentityProvider.filter(id__in=provider_ids).values_list("id", "realm_id")
    return {str(i): str(r) for i, r in rows}


async def get_provider_by_id(actor: Actor | None, realm_name: str, provider_id: str) -> IdentityProviderView:
    rights.require(actor, realm_name, "view-identity-providers")
    realm = await lookup.realm_by_name(realm_name)
    found = await IdentityProvider.get_or_none(realm_id=realm.id, id=provider_id)
    if found is None:
        raise NotFound(PROVIDER_MISSING)
    return view_of(found)
