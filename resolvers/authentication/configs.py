"""Authenticator configurations (``/authentication/config``), and the provider catalog the admin console
reads: authenticator, client authenticator, form action and form providers, config descriptions."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core.errors import NotFound
from models import AuthenticationExecution, AuthenticatorConfig
from resolvers.authentication import providers, store
from resolvers.authentication.executions import _config_values
from resolvers.authentication.flows import check_alias
from resolvers.authentication.providers import Kind, Provider
from resolvers.authentication.views import ConfigFields
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event

AUTHENTICATOR_CONFIG = "AUTHENTICATOR_CONFIG"
# Who may read the client authenticators: realm viewers, and whoever may list or create clients.
_CLIENT_READERS = ("view-realm", "view-clients", "create-client")


async def get_config(actor: Actor | None, realm_name: str, config_id: str) -> AuthenticatorConfig:
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    return await store.config_by_id(realm, config_id)


async def create_config(actor: Actor | None, realm_name: str, f: ConfigFields) -> AuthenticatorConfig:
    """The deprecated ``POST /config``: a config bound to no execution."""
    actor = rights.require(actor, realm_name, "manage-realm")
    check_alias(f.alias)
    realm = await lookup.realm_by_name(realm_name)
    config = AuthenticatorConfig(realm_id=realm.id, alias=f.alias, config=_config_values(f.config))
    f.config_id = config.id
    async with in_transaction():
        await config.save(force_create=True)
        await record_admin_event(
            realm, actor, "CREATE", AUTHENTICATOR_CONFIG, f"authentication/config/{config.id}", f
        )
    return config


async def update_config(
    actor: Actor | None, realm_name: str, config_id: str, f: ConfigFields
) -> AuthenticatorConfig:
    actor = rights.require(actor, realm_name, "manage-realm")
    check_alias(f.alias)
    realm = await lookup.realm_by_name(realm_name)
    config = await store.config_by_id(realm, config_id)
    config.alias, config.config = f.alias, _config_values(f.config)
    async with in_transaction():
        await config.save(update_fields=["alias", "config"])
        await record_admin_event(
            realm, actor, "UPDATE", AUTHENTICATOR_CONFIG, f"authentication/config/{config_id}", f
        )
    return config


async def delete_config(actor: Actor | None, realm_name: str, config_id: str) -> None:
    """The config goes, and the executions that used it keep running without one."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    config = await store.config_by_id(realm, config_id)
    async with in_transaction():
        await AuthenticationExecution.filter(realm_id=realm.id, authenticator_config=config.id).update(
            authenticator_config=None
        )
        await config.delete()
        await record_admin_event(
            realm, actor, "DELETE", AUTHENTICATOR_CONFIG, f"authentication/config/{config_id}"
        )


async def list_providers(actor: Actor | None, realm_name: str, kind: Kind) -> list[Provider]:
    if kind == "client":
        rights.require_one_of(actor, realm_name, *_CLIENT_READERS)
    else:
        rights.require(actor, realm_name, "view-realm")
    await lookup.realm_by_name(realm_name)
    return providers.of_kind(kind)


async def config_description(actor: Actor | None, realm_name: str, provider_id: str) -> Provider:
    rights.require(actor, realm_name, "view-realm")
    await lookup.realm_by_name(realm_name)
    provider = providers.find(provider_id)
    if provider is None or provider.kind == "form":
        raise NotFound("Could not find authenticator provider")
    return provider


async def per_client_config_description(actor: Actor | None, realm_name: str) -> list[Provider]:
    """The client authenticators, each with its per-client settings (none for the built-in ones)."""
    rights.require_one_of(actor, realm_name, *_CLIENT_READERS)
    await lookup.realm_by_name(realm_name)
    return providers.of_kind("client")
