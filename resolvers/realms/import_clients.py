"""The clients side of a realm import, in the order Keycloak's import keeps: client scopes (a realm export
that lists them replaces the built-in ones), the realm's default and optional scopes, clients with their
ids, secrets, protocol mappers and scopes, and, once the roles exist, scope mappings. Everything is
written through the client and client-scope resolvers; what cannot be kept is a 400 naming it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from core.errors import Conflict, InvalidInput
from models import (
    Client,
    ClientScope,
    ClientScopeLink,
    ProtocolMapper,
    Realm,
    RealmDefaultScope,
    Role,
    ScopeMapping,
)
from models.builtin_scopes import OFFLINE_ACCESS_ROLE
from resolvers.client_scopes.inputs import Owner, ScopeFields
from resolvers.client_scopes.links import link_realm_defaults
from resolvers.client_scopes.scope_mappings import add_to_scope
from resolvers.client_scopes.scopes import insert_scope
from resolvers.clients import crud as clients
from resolvers.clients.composition import client_owner
from resolvers.realms.seed import BUILTIN_CLIENTS


@dataclass
class ClientImport:
    fields: clients.ClientFields
    client_uuid: str | None = None


@dataclass
class ScopeImport:
    fields: ScopeFields
    scope_id: str | None = None


@dataclass
class ScopeMappingImport:
    """Roles in the scope of a client (``client``) or of a client scope (``client_scope``)."""

    roles: list[str]
    client: str | None = None
    client_scope: str | None = None


@dataclass
class ClientContents:
    clients: list[ClientImport] = field(default_factory=list)
    client_scopes: list[ScopeImport] | None = None
    """``None`` when the export lists none: the built-in scopes stay."""
    client_templates: list[ScopeImport] = field(default_factory=list)
    """Client scopes by their name before Keycloak 4: added to the others, replacing none."""
    default_scopes: list[str] | None = None
    optional_scopes: list[str] | None = None
    scope_mappings: list[ScopeMappingImport] = field(default_factory=list)
    """Realm roles in scope."""
    client_scope_mappings: dict[str, list[ScopeMappingImport]] = field(default_factory=dict)
    """Roles of the keyed client in scope."""

    def is_empty(self) -> bool:
        return (
            not self.clients
            and not self.client_templates
            and not self.scope_mappings
            and not self.client_scope_mappings
            and all(x is None for x in (self.client_scopes, self.default_scopes, self.optional_scopes))
        )

    def builtin_client_ids(self) -> dict[str, str]:
        """The ids the export gives the built-in clients, which the realm is seeded with."""
        return {
            str(c.fields.client_id): c.client_uuid
            for c in self.clients
            if c.client_uuid and c.fields.client_id in BUILTIN_CLIENTS
        }


async def check_free_ids(contents: ClientContents) -> None:
    """Ids are global: an id the export gives that is taken already is refused before anything is made."""
    client_ids = [c.client_uuid for c in contents.clients if c.client_uuid]
    taken = await Client.filter(id__in=client_ids).values_list("id", flat=True) if client_ids else []
    all_scopes = [*(contents.client_scopes or []), *contents.client_templates]
    scope_ids = [s.scope_id for s in all_scopes if s.scope_id]
    taken += await ClientScope.filter(id__in=scope_ids).values_list("id", flat=True) if scope_ids else []
    mapper_ids = [
        m.mapper_id
        for mappers in [c.fields.protocol_mappers for c in contents.clients]
        + [s.fields.protocol_mappers for s in all_scopes]
        if isinstance(mappers, list)
        for m in mappers
        if m.mapper_id
    ]
    taken += await ProtocolMapper.filter(id__in=mapper_ids).values_list("id", flat=True) if mapper_ids else []
    if taken:
        raise Conflict(f"Id {taken[0]} already exists")


async def import_scopes(realm: Realm, contents: ClientContents) -> None:
    """The export's client scopes in place of the built-in ones (the offline_access scope stays unless the
    export has its own, as Keycloak keeps it), then the realm's default and optional scopes."""
    if contents.client_scopes is not None:
        named = {s.fields.name for s in contents.client_scopes}
        drop = ClientScope.filter(realm_id=realm.id)
        if OFFLINE_ACCESS_ROLE not in named:
            drop = drop.exclude(name=OFFLINE_ACCESS_ROLE)
        await drop.delete()
    for item in [*(contents.client_scopes or []), *contents.client_templates]:
        await insert_scope(realm, item.fields, item.scope_id)
    for default, names in ((True, contents.default_scopes), (False, contents.optional_scopes)):
        if names is None:
            continue
        found = {s.name: s for s in await ClientScope.filter(realm_id=realm.id, name__in=names)}
        missing = [n for n in names if n not in found]
        if missing:
            kind = "defaultDefaultClientScopes" if default else "defaultOptionalClientScopes"
            raise InvalidInput(f"{kind}: client scope {missing[0]} does not exist", field=kind)
        # Added to what the realm has, as Keycloak's import adds them (the offline_access scope stays).
        await RealmDefaultScope.filter(
            realm_id=realm.id, scope_id__in=[s.id for s in found.values()]
        ).delete()
        await RealmDefaultScope.bulk_create(
            [RealmDefaultScope(realm_id=realm.id, scope_id=s.id, default=default) for s in found.values()]
        )


async def _pristine(client: Client) -> Client:
    """A seeded built-in client the export brings its own of: made anew from the export, as Keycloak
    creates it from the export instead of seeding it. It keeps its id and its roles."""
    await ProtocolMapper.filter(owner_id=client.id).delete()
    await ClientScopeLink.filter(client_id=client.id).delete()
    await ScopeMapping.filter(owner_id=client.id).delete()
    return Client(id=client.id, realm_id=client.realm_id, created_at=client.created_at)


async def import_clients(realm: Realm, imports: list[ClientImport]) -> None:
    existing = {c.client_id: c for c in await Client.filter(realm_id=realm.id)}
    seen: set[str] = set()
    for index, item in enumerate(imports):
        client_id = item.fields.client_id
        if not isinstance(client_id, str) or not client_id:
            raise InvalidInput(f"clients[{index}]: every client needs a clientId", field="clients")
        if client_id in seen:
            raise InvalidInput(f"Client {client_id} is given twice", field="clients")
        seen.add(client_id)
        seeded = existing.get(client_id)
        client = await _pristine(seeded) if seeded else Client(realm_id=realm.id)
        if item.client_uuid and seeded is None:
            client.id = item.client_uuid
        clients.created_defaults(client, item.fields)
        clients.apply_fields(client, item.fields)
        clients.ensure_secret(client)
        await client.save(force_update=seeded is not None)
        await clients.compose(realm, client, item.fields, creating=True)
    # The export's scopes may have replaced the ones the seeded clients it leaves alone were given.
    for client in await Client.filter(realm_id=realm.id, client_id__not_in=seen):
        if not await ClientScopeLink.filter(client_id=client.id).exists():
            await link_realm_defaults(client)


RoleResolver = Callable[[list[str], dict[str, list[str]], str], Awaitable[list[Role]]]
"""Roles by name (realm roles, client roles by clientId), created when the export names one it lacks."""


async def _owner(realm: Realm, item: ScopeMappingImport, where: str) -> Owner:
    if item.client is not None:
        client = await Client.get_or_none(realm_id=realm.id, client_id=item.client)
        if client is None:
            raise InvalidInput(f"{where}: client {item.client} does not exist")
        return client_owner(realm, client)
    scope = await ClientScope.get_or_none(realm_id=realm.id, name=item.client_scope)
    if scope is None:
        raise InvalidInput(f"{where}: client scope {item.client_scope} does not exist")
    return Owner(realm, "scope", scope.id, scope.protocol, scope=scope)


async def import_scope_mappings(realm: Realm, contents: ClientContents, roles: RoleResolver) -> None:
    for item in contents.scope_mappings:
        owner = await _owner(realm, item, "scopeMappings")
        await add_to_scope(owner, await roles(item.roles, {}, "scopeMappings"))
    for role_client, items in contents.client_scope_mappings.items():
        where = f"clientScopeMappings.{role_client}"
        for item in items:
            owner = await _owner(realm, item, where)
            await add_to_scope(owner, await roles([], {role_client: item.roles}, where))
