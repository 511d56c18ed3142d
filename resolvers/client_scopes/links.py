"""A client's default and optional client scopes, and the realm defaults every new client starts with."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core.errors import InvalidInput
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


async def set_client_scopes(
    client: Client, default_names: list[str] | None, optional_names: list[str] | None
) -> None:
    """Give a client exactly these default and optional scopes, by name; a name the realm has no scope
    of refuses them all (Keycloak ignores it, which would lose it silently). A scope of another protocol
    is left out, as Keycloak's client model leaves it. Unchecked: the caller holds the right."""
    names = [*(default_names or []), *(optional_names or [])]
    if not all(isinstance(n, str) for n in names):
        raise InvalidInput("Client scopes must be given by name", field="defaultClientScopes")
    found = {s.name: s for s in await ClientScope.filter(realm_id=client.realm_id, name__in=names)}
    missing = [n for n in names if n not in found]
    if missing:
        raise InvalidInput(f"Client {client.client_id}: client scope {missing[0]} does not exist")
    protocol = client.protocol or "openid-connect"
    await ClientScopeLink.filter(client_id=client.id).delete()
    wanted: dict[str, bool] = {}
    for default, given in ((True, default_names or []), (False, optional_names or [])):
        for name in given:
            if found[name].protocol == protocol:
                wanted.setdefault(found[name].id, default)
    await ClientScopeLink.bulk_create(
        [ClientScopeLink(client_id=client.id, scope_id=s, default=d) for s, d in wanted.items()]
    )


async def scope_names_of_clients(client_ids: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """Batch: each client's default and optional scope names, sorted."""
    out: dict[str, tuple[list[str], list[str]]] = {c: ([], []) for c in client_ids}
    if client_ids:
        rows = await ClientScopeLink.filter(client_id__in=client_ids).values_list(
            "client_id", "default", "scope__name"
        )
        for client_id, default, name in rows:
            out[str(client_id)][0 if default else 1].append(str(name))
    for defaults, optionals in out.values():
        defaults.sort()
        optionals.sort()
    return out


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
