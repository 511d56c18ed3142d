"""Scope mappings of clients and client scopes: the roles a token may carry when the client does not have
the full scope. ``client_uuid`` ``None`` addresses realm roles, otherwise one client's roles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tortoise.transactions import in_transaction

from models import Client, Realm, Role, ScopeMapping
from models.builtin_clients import ADMIN_IDENTITY_CLIENTS
from resolvers.client_scopes.inputs import Owner, OwnerKind
from resolvers.client_scopes.mappers import owner_of
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.roles.effective import composite_closure
from resolvers.roles.views import RoleRef, RoleView, role_views


def full_scope_allowed(client: Client) -> bool:
    """Whether a client's tokens carry every role of the user (Keycloak's ``fullScopeAllowed``, true
    unless set otherwise)."""
    column = getattr(client, "full_scope_allowed", None)
    if isinstance(column, bool):
        return column
    return client.config.get("fullScopeAllowed", True) is not False


def carries_all_roles(client: Client) -> bool:
    """Whether the client's tokens carry every role of the user: with the full scope, and for the admin
    console and admin-cli, whose callers Keycloak's admin API judges by the user's roles (rights here
    read the token)."""
    return full_scope_allowed(client) or client.client_id in ADMIN_IDENTITY_CLIENTS


async def mapped_role_ids(owner_ids: Sequence[str]) -> dict[str, set[str]]:
    """Batch: the roles directly in each owner's scope."""
    out: dict[str, set[str]] = {o: set() for o in owner_ids}
    if owner_ids:
        for owner_id, role_id in await ScopeMapping.filter(owner_id__in=list(owner_ids)).values_list(
            "owner_id", "role_id"
        ):
            out[str(owner_id)].add(str(role_id))
    return out


async def roles_in_scope(owner: Owner, candidates: Iterable[Role]) -> list[Role]:
    """The candidates the owner has in scope: mapped directly or through a mapped composite; for a client,
    also its own roles, and every role when it has the full scope."""
    roles = list(candidates)
    if owner.client is not None and full_scope_allowed(owner.client):
        return roles
    mapped = (await mapped_role_ids([owner.id]))[owner.id]
    closure = await composite_closure(mapped)
    reach = set().union(*closure.values()) if closure else set()
    return [r for r in roles if r.id in reach or (owner.kind == "client" and r.client_id == owner.id)]


async def _container(realm: Realm, client_uuid: str | None) -> str:
    return (await lookup.client_in_realm(realm, client_uuid)).id if client_uuid is not None else realm.id


async def _direct(owner: Owner) -> list[Role]:
    links = await ScopeMapping.filter(owner_id=owner.id).select_related("role__client")
    return sorted((link.role for link in links), key=lambda r: r.name)


async def all_mappings(
    actor: Actor | None, realm_name: str, kind: OwnerKind, owner_id: str
) -> list[RoleView]:
    rights.require(actor, realm_name, "view-clients")
    owner = await owner_of(realm_name, kind, owner_id)
    return await role_views(await _direct(owner))


async def direct_mappings(
    actor: Actor | None, realm_name: str, kind: OwnerKind, owner_id: str, client_uuid: str | None
) -> list[RoleView]:
    rights.require(actor, realm_name, "view-clients")
    owner = await owner_of(realm_name, kind, owner_id)
    container = await _container(owner.realm, client_uuid)
    return await role_views([r for r in await _direct(owner) if r.container_id == container])


async def _candidates(realm: Realm, container: str) -> list[Role]:
    return (
        await Role.filter(realm_id=realm.id, container_id=container).select_related("client").order_by("name")
    )


async def composite_mappings(
    actor: Actor | None, realm_name: str, kind: OwnerKind, owner_id: str, client_uuid: str | None
) -> list[RoleView]:
    """The container's roles in the owner's scope, through composites (``…/composite``)."""
    rights.require(actor, realm_name, "view-clients")
    owner = await owner_of(realm_name, kind, owner_id)
    candidates = await _candidates(owner.realm, await _container(owner.realm, client_uuid))
    return await role_views(await roles_in_scope(owner, candidates))


async def available_mappings(
    actor: Actor | None, realm_name: str, kind: OwnerKind, owner_id: str, client_uuid: str | None
) -> list[RoleView]:
    """The container's roles not yet in the owner's scope (``…/available``)."""
    rights.require(actor, realm_name, "view-clients")
    owner = await owner_of(realm_name, kind, owner_id)
    candidates = await _candidates(owner.realm, await _container(owner.realm, client_uuid))
    held = {r.id for r in await roles_in_scope(owner, candidates)}
    return await role_views([r for r in candidates if r.id not in held])


def _event(owner: Owner, client_uuid: str | None) -> tuple[str, str]:
    if client_uuid is None:
        return "REALM_SCOPE_MAPPING", f"{owner.resource_path}/scope-mappings/realm"
    return "CLIENT_SCOPE_MAPPING", f"{owner.resource_path}/scope-mappings/clients/{client_uuid}"


async def add_to_scope(owner: Owner, roles: Sequence[Role]) -> None:
    """Put roles into the owner's scope (those already there stay once). Unchecked: the caller holds the
    right and runs the transaction."""
    existing = (await mapped_role_ids([owner.id]))[owner.id]
    new = {r.id: ScopeMapping(**owner.columns(), role_id=r.id) for r in roles if r.id not in existing}
    if new:
        await ScopeMapping.bulk_create(list(new.values()))


async def change_mappings(
    actor: Actor | None,
    realm_name: str,
    kind: OwnerKind,
    owner_id: str,
    client_uuid: str | None,
    refs: Sequence[RoleRef],
    *,
    add: bool,
) -> None:
    """Add roles to (or remove them from) the owner's scope; a role not found refuses them all."""
    actor = rights.require(actor, realm_name, "manage-clients")
    owner = await owner_of(realm_name, kind, owner_id)
    container = await _container(owner.realm, client_uuid)
    found = await lookup.roles_named(container, [(r.id, r.name) for r in refs])
    resource, path = _event(owner, client_uuid)
    async with in_transaction():
        if add:
            await add_to_scope(owner, found)
        elif found:
            await ScopeMapping.filter(owner_id=owner.id, role_id__in=[r.id for r in found]).delete()
        await record_admin_event(
            owner.realm, actor, "CREATE" if add else "DELETE", resource, path, [r.name for r in found]
        )
