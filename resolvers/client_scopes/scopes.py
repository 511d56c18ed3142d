"""Client scopes (also reached as client templates): CRUD and the realm's default and optional scopes."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core.errors import Conflict
from models import ClientScope, ProtocolMapper, Realm, RealmDefaultScope
from resolvers.client_scopes.checks import apply_mapper, apply_scope
from resolvers.client_scopes.inputs import ScopeFields, ScopeView
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.kit.fields import UNSET
from resolvers.kit.unique import guard


def _exists(name: str) -> str:
    return f"Client Scope {name} already exists"


async def views_of(scopes: list[ClientScope]) -> list[ScopeView]:
    """Scopes with their mappers, in two queries."""
    by_scope: dict[str, list[ProtocolMapper]] = {s.id: [] for s in scopes}
    if scopes:
        for m in await ProtocolMapper.filter(scope_id__in=list(by_scope)).order_by("position", "name"):
            by_scope[str(m.scope_id)].append(m)
    return [ScopeView(s, by_scope[s.id]) for s in scopes]


async def list_scopes(actor: Actor | None, realm_name: str) -> list[ScopeView]:
    rights.require(actor, realm_name, "view-clients")
    realm = await lookup.realm_by_name(realm_name)
    return await views_of(await ClientScope.filter(realm_id=realm.id).order_by("name"))


async def get_scope(actor: Actor | None, realm_name: str, scope_id: str) -> ScopeView:
    rights.require(actor, realm_name, "view-clients")
    realm = await lookup.realm_by_name(realm_name)
    return (await views_of([await lookup.client_scope_in_realm(realm, scope_id)]))[0]


async def insert_scope(realm: Realm, f: ScopeFields, scope_id: str | None = None) -> ScopeView:
    """Check and store a new scope with its mappers. Unchecked: the caller holds the right and runs the
    transaction (the admin API, a realm import)."""
    scope = ClientScope(realm_id=realm.id)
    if scope_id:
        scope.id = scope_id
    if f.name is UNSET:
        f.name = None
    apply_scope(scope, f)
    mappers = []
    for position, mf in enumerate(f.protocol_mappers or []):
        mapper = ProtocolMapper(scope_id=scope.id, owner_id=scope.id, position=position)
        if mf.mapper_id:
            mapper.id = mf.mapper_id
        apply_mapper(mapper, mf, scope.protocol)
        mappers.append(mapper)
    if await ClientScope.filter(realm_id=realm.id, name=scope.name).exists():
        raise Conflict(_exists(scope.name))
    async with guard(_exists(scope.name)):
        await scope.save(force_create=True)
        for mapper in mappers:
            await mapper.save(force_create=True)
    return ScopeView(scope, mappers)


async def create_scope(
    actor: Actor | None, realm_name: str, f: ScopeFields, scope_id: str | None = None
) -> ScopeView:
    actor = rights.require(actor, realm_name, "manage-clients")
    realm = await lookup.realm_by_name(realm_name)
    async with in_transaction():
        view = await insert_scope(realm, f, scope_id)
        await record_admin_event(realm, actor, "CREATE", "CLIENT_SCOPE", f"client-scopes/{view.scope.id}", f)
    return view


async def update_scope(actor: Actor | None, realm_name: str, scope_id: str, f: ScopeFields) -> ScopeView:
    actor = rights.require(actor, realm_name, "manage-clients")
    realm = await lookup.realm_by_name(realm_name)
    scope = await lookup.client_scope_in_realm(realm, scope_id)
    apply_scope(scope, f)
    if await ClientScope.filter(realm_id=realm.id, name=scope.name).exclude(id=scope.id).exists():
        raise Conflict(_exists(scope.name))
    async with guard(_exists(scope.name)), in_transaction():
        await scope.save()
        await record_admin_event(realm, actor, "UPDATE", "CLIENT_SCOPE", f"client-scopes/{scope.id}", f)
    return (await views_of([scope]))[0]


async def delete_scope(actor: Actor | None, realm_name: str, scope_id: str) -> None:
    actor = rights.require(actor, realm_name, "manage-clients")
    realm = await lookup.realm_by_name(realm_name)
    scope = await lookup.client_scope_in_realm(realm, scope_id)
    async with in_transaction():
        await scope.delete()
        await record_admin_event(realm, actor, "DELETE", "CLIENT_SCOPE", f"client-scopes/{scope_id}")


async def realm_defaults(actor: Actor | None, realm_name: str, default: bool) -> list[ClientScope]:
    """The realm's default (``default``) or optional client scopes."""
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    links = await RealmDefaultScope.filter(realm_id=realm.id, default=default).select_related("scope")
    return sorted((link.scope for link in links), key=lambda s: s.name)


async def set_realm_default(actor: Actor | None, realm_name: str, scope_id: str, default: bool) -> None:
    """Make a scope one of the realm's defaults (or optional scopes); it moves if it was the other kind."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    scope = await lookup.client_scope_in_realm(realm, scope_id)
    kind = "default-default-client-scopes" if default else "default-optional-client-scopes"
    async with in_transaction():
        await RealmDefaultScope.filter(realm_id=realm.id, scope_id=scope.id).delete()
        await RealmDefaultScope.create(realm_id=realm.id, scope_id=scope.id, default=default)
        await record_admin_event(realm, actor, "CREATE", "REALM_SCOPE_MAPPING", f"{kind}/{scope.id}")


async def remove_realm_default(actor: Actor | None, realm_name: str, scope_id: str, default: bool) -> None:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    scope = await lookup.client_scope_in_realm(realm, scope_id)
    kind = "default-default-client-scopes" if default else "default-optional-client-scopes"
    async with in_transaction():
        await RealmDefaultScope.filter(realm_id=realm.id, scope_id=scope.id, default=default).delete()
        await record_admin_event(realm, actor, "DELETE", "REALM_SCOPE_MAPPING", f"{kind}/{scope.id}")


async def scope_realm_ids(scope_ids: list[str]) -> dict[str, str]:
    """Batch, unchecked: the realm of each client scope (for node lookups, which then check rights)."""
    if not scope_ids:
        return {}
    rows = await ClientScope.filter(id__in=scope_ids).values_list("id", "realm_id")
    return {str(i): str(r) for i, r in rows}
