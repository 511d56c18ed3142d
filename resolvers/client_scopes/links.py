"""A client's default and optional client scopes, and the realm defaults every new client starts with."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import Client, ClientScope, ClientScopeLink, RealmDefaultScope
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event


async def link_realm_defaults(client: Client) -> None:
    """Give a new client the realm's default and optional scopes of its protocol, as Keycloak does."""
    protocol = client.protocol or "openid-connect"
    defaults = await RealmDefaultScope.filter(realm_id=client.realm_id).select_related("scope")
    await ClientScopeLink.bulk_create(
        [
            ClientScopeLink(client_id=client.id, scope_id=d.scope_id, default=d.default)
            for d in defaults
            if d.scope.protocol == protocol
        ]
    )


async def scopes_of_client(client_id: str, default: bool) -> list[ClientScope]:
    links = await ClientScopeLink.filter(client_id=client_id, default=default).select_related("scope")
    return sorted((link.scope for link in links), key=lambda s: s.name)


async def client_scopes(
    actor: Actor | None, realm_name: str, client_uuid: str, default: bool
) -> list[ClientScope]:
    """A client's default (``default``) or optional client scopes."""
    rights.require(actor, realm_name, "view-clients")
    realm = await lookup.realm_by_name(realm_name)
    client = await lookup.client_in_realm(realm, client_uuid)
    return await scopes_of_client(client.id, default)


def _path(client: Client, scope: ClientScope, default: bool) -> str:
    kind = "default-client-scopes" if default else "optional-client-scopes"
    return f"clients/{client.id}/{kind}/{scope.id}"


async def add_client_scope(
    actor: Actor | None, realm_name: str, client_uuid: str, scope_id: str, default: bool
) -> None:
    """Assign a scope to a client. A scope already assigned (either kind) or of another protocol is left
    as it is, as Keycloak's client model does."""
    actor = rights.require(actor, realm_name, "manage-clients")
    realm = await lookup.realm_by_name(realm_name)
    client = await lookup.client_in_realm(realm, client_uuid)
    scope = await lookup.client_scope_in_realm(realm, scope_id)
    async with in_transaction():
        linked = await ClientScopeLink.filter(client_id=client.id, scope_id=scope.id).exists()
        if not linked and scope.protocol == (client.protocol or "openid-connect"):
            await ClientScopeLink.create(client_id=client.id, scope_id=scope.id, default=default)
        await record_admin_event(realm, actor, "UPDATE", "CLIENT", _path(client, scope, default))


async def remove_client_scope(
    actor: Actor | None, realm_name: str, client_uuid: str, scope_id: str, default: bool
) -> None:
    actor = rights.require(actor, realm_name, "manage-clients")
    realm = await lookup.realm_by_name(realm_name)
    client = await lookup.client_in_realm(realm, client_uuid)
    scope = await lookup.client_scope_in_realm(realm, scope_id)
    async with in_transaction():
        await ClientScopeLink.filter(client_id=client.id, scope_id=scope.id, default=default).delete()
        await record_admin_event(realm, actor, "UPDATE", "CLIENT", _path(client, scope, default))
