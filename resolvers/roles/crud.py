"""Roles: realm and client roles, listed, read, created, updated and deleted.

A role lives in a container: the realm (``client_uuid`` None) or a client. Realm roles need the realm
rights (view-realm, manage-realm), client roles the client rights (view-clients, manage-clients); listing
needs any admin right, as in Keycloak. Composites, holders and the permission switch have modules of
their own; all of them address a role through ``addressed``.
"""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from core.errors import Conflict, InvalidInput
from models import Realm, Role
from resolvers.events.records import record_admin_event
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.attributes import check_attributes
from resolvers.kit.management import PERMISSIONS_KEY
from resolvers.roles.views import RoleAddress, RoleFields, RoleView, resource_type, role_path, role_views


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput("Role name is missing", field="name")
    if len(name) > 255:
        raise InvalidInput("Role name is too long", field="name")
    return name.strip()


def _check_description(description: Any) -> str:
    if not isinstance(description, str):
        raise InvalidInput("description must be a string", field="description")
    return description


async def addressed(
    actor: Actor | None, realm_name: str, address: RoleAddress, *, manage: bool = False
) -> tuple[Actor, Realm, Role]:
    """The role a path names, with the caller's right on it checked: viewing it first (so a caller who
    may not see roles learns nothing of which exist), then managing it when ``manage``. By name the right
    follows the container the path names; by id it depends on the role's kind, known once it is found."""
    if address.role_id is not None:
        actor = rights.require_any(actor, realm_name)
        realm = await lookup.realm_by_name(realm_name)
        role = await lookup.role_by_id(realm, address.role_id)
    else:
        rights.require(actor, realm_name, rights.role_right(address.client_uuid is not None, manage=False))
        realm = await lookup.realm_by_name(realm_name)
        role = await lookup.role_by_name(realm, address.client_uuid, address.name or "")
    client_role = role.client_id is not None
    actor = rights.require(actor, realm_name, rights.role_right(client_role, manage=False))
    if manage:
        actor = rights.require(actor, realm_name, rights.role_right(client_role, manage=True))
        if rights.is_admin_role(realm.name, role.client.client_id if role.client else None, role.name):
            rights.require_may_change_admin_roles(actor, role.name)
    return actor, realm, role


async def list_roles(
    actor: Actor | None,
    realm_name: str,
    client_uuid: str | None = None,
    *,
    search: str | None = None,
    first: int = 0,
    max_: int | None = None,
) -> list[RoleView]:
    rights.require_any(actor, realm_name)
    realm = await lookup.realm_by_name(realm_name)
    container_id = await lookup.role_container_id(realm, client_uuid)
    qs = Role.filter(realm_id=realm.id, container_id=container_id)
    if search and search.strip():
        qs = qs.filter(name__icontains=search.strip())
    qs = qs.select_related("client").order_by("name").offset(first)
    return await role_views(await (qs.limit(max_) if max_ is not None else qs))


async def count_roles(
    actor: Actor | None, realm_name: str, client_uuid: str | None = None, *, search: str | None = None
) -> int:
    rights.require_any(actor, realm_name)
    realm = await lookup.realm_by_name(realm_name)
    qs = Role.filter(realm_id=realm.id, container_id=await lookup.role_container_id(realm, client_uuid))
    if search and search.strip():
        qs = qs.filter(name__icontains=search.strip())
    return await qs.count()


async def get_role(actor: Actor | None, realm_name: str, address: RoleAddress) -> RoleView:
    _, _, role = await addressed(actor, realm_name, address)
    return (await role_views([role]))[0]


async def create_role(
    actor: Actor | None,
    realm_name: str,
    client_uuid: str | None,
    fields: RoleFields,
    *,
    representation: Any = None,
) -> Role:
    actor = rights.require(actor, realm_name, rights.role_right(client_uuid is not None, manage=True))
    realm = await lookup.realm_by_name(realm_name)
    client = await lookup.client_in_realm(realm, client_uuid) if client_uuid else None
    container_id = str(client.id) if client is not None else str(realm.id)
    name = _check_name(fields.name)
    if rights.is_admin_role(realm.name, client.client_id if client else None, name):
        rights.require_may_change_admin_roles(actor, name)
    attrs = check_attributes(fields.attributes) if fields.attributes is not None else {}
    if await Role.filter(container_id=container_id, name=name).exists():
        raise Conflict(f"Role with name {name} already exists")
    role = Role(
        realm_id=realm.id,
        client_id=client_uuid,
        container_id=container_id,
        name=name,
        description=None if fields.description is None else _check_description(fields.description),
        attributes=attrs,
    )
    async with in_transaction():
        await role.save()
        await record_admin_event(realm, actor, "CREATE", resource_type(role), role_path(role), representation)
    return role


async def update_role(
    actor: Actor | None,
    realm_name: str,
    address: RoleAddress,
    fields: RoleFields,
    *,
    representation: Any = None,
) -> Role:
    actor, realm, role = await addressed(actor, realm_name, address, manage=True)
    new_name = _check_name(fields.name) if fields.name is not None else role.name
    attrs = check_attributes(fields.attributes) if fields.attributes is not None else None
    if new_name != role.name:
        if lookup.is_default_role(realm, role):
            raise InvalidInput("The default role of the realm cannot be renamed", field="name")
        if await Role.filter(container_id=role.container_id, name=new_name).exists():
            raise Conflict(f"Role with name {new_name} already exists")
    role.name = new_name
    if fields.description is not None:
        role.description = _check_description(fields.description)
    if attrs is not None:
        reserved = {k: v for k, v in role.attributes.items() if k == PERMISSIONS_KEY}
        role.attributes = attrs | reserved
    async with in_transaction():
        await role.save()
        await record_admin_event(realm, actor, "UPDATE", resource_type(role), role_path(role), representation)
    return role


async def delete_role(actor: Actor | None, realm_name: str, address: RoleAddress) -> None:
    actor, realm, role = await addressed(actor, realm_name, address, manage=True)
    if lookup.is_default_role(realm, role):
        raise InvalidInput(f"{role.name} is default role of the realm and cannot be removed.")
    async with in_transaction():
        await role.delete()
        await record_admin_event(realm, actor, "DELETE", resource_type(role), role_path(role))
