"""Roles: realm and client roles, their composites, who holds them, and the fine-grained permission switch.

A role lives in a container: the realm (``client_uuid`` None) or a client. Realm roles need the realm
rights (view-realm, manage-realm), client roles the client rights (view-clients, manage-clients); listing
needs any admin right, as in Keycloak.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import Conflict, InvalidInput, NotFound
from models import Client, Group, Realm, Role, RoleComposite, User
from resolvers.events.records import record_admin_event
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.kit.attributes import check_attributes
from resolvers.kit.lookup import realm_by_name
from resolvers.kit.management import PERMISSIONS_KEY, permission_reference

ROLE_SCOPES = ("map-role", "map-role-composite", "map-role-client-scope")


@dataclass(frozen=True)
class RoleRef:
    """How a request names a role: by id, by name, or both (then they must agree)."""

    id: str | None = None
    name: str | None = None


def _view_right(client_uuid: str | None) -> str:
    return "view-clients" if client_uuid else "view-realm"


def _manage_right(client_uuid: str | None) -> str:
    return "manage-clients" if client_uuid else "manage-realm"


def role_path(role: Role) -> str:
    return f"clients/{role.client_id}/roles/{role.name}" if role.client_id else f"roles/{role.name}"


def resource_type(role: Role) -> str:
    return "CLIENT_ROLE" if role.client_id else "REALM_ROLE"


async def client_in_realm(realm: Realm, client_uuid: str) -> Client:
    client = await Client.get_or_none(id=client_uuid, realm_id=realm.id)
    if client is None:
        raise NotFound("Could not find client")
    return client


async def _container_id(realm: Realm, client_uuid: str | None) -> str:
    return (await client_in_realm(realm, client_uuid)).id if client_uuid else realm.id


async def _role_by_name(realm: Realm, client_uuid: str | None, name: str) -> Role:
    role = await Role.get_or_none(
        container_id=await _container_id(realm, client_uuid), name=name, realm_id=realm.id
    )
    if role is None:
        raise NotFound("Could not find role")
    return role


async def _role_by_id(realm: Realm, role_id: str) -> Role:
    role = await Role.get_or_none(id=role_id, realm_id=realm.id)
    if role is None:
        raise NotFound("Could not find role with id")
    return role


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput("Role name is missing", field="name")
    if len(name) > 255:
        raise InvalidInput("Role name is too long", field="name")
    return name.strip()


def _check_description(description: Any) -> str | None:
    if description is not None and not isinstance(description, str):
        raise InvalidInput("description must be a string", field="description")
    return description


# Reading -------------------------------------------------------------------------------------------------


async def composite_flags(role_ids: Sequence[str]) -> dict[str, bool]:
    """Batch: whether each role is a composite, in one query."""
    out = dict.fromkeys(role_ids, False)
    if role_ids:
        for parent in (
            await RoleComposite.filter(parent_id__in=list(role_ids))
            .distinct()
            .values_list("parent_id", flat=True)
        ):
            out[parent] = True
    return out


async def list_roles(
    actor: Actor | None,
    realm_name: str,
    client_uuid: str | None = None,
    *,
    search: str | None = None,
    first: int = 0,
    max_: int | None = None,
) -> list[Role]:
    rights.require_any(actor, realm_name)
    realm = await realm_by_name(realm_name)
    qs = Role.filter(realm_id=realm.id, container_id=await _container_id(realm, client_uuid))
    if search and search.strip():
        qs = qs.filter(name__icontains=search.strip())
    qs = qs.order_by("name").offset(first)
    return await (qs.limit(max_) if max_ is not None else qs)


async def get_role(actor: Actor | None, realm_name: str, client_uuid: str | None, name: str) -> Role:
    rights.require(actor, realm_name, _view_right(client_uuid))
    realm = await realm_by_name(realm_name)
    return await _role_by_name(realm, client_uuid, name)


async def _role_with_right(
    actor: Actor | None, realm_name: str, role_id: str, manage: bool
) -> tuple[Actor, Realm, Role]:
    """A role addressed by id: the right depends on its kind, known once it is found."""
    actor = rights.require_any(actor, realm_name)
    realm = await realm_by_name(realm_name)
    role = await _role_by_id(realm, role_id)
    right = _manage_right(role.client_id) if manage else _view_right(role.client_id)
    return rights.require(actor, realm_name, right), realm, role


async def get_role_by_id(actor: Actor | None, realm_name: str, role_id: str) -> Role:
    return (await _role_with_right(actor, realm_name, role_id, manage=False))[2]


async def find_role(
    actor: Actor | None, realm_name: str, client_uuid: str | None, name: str | None, role_id: str | None
) -> Role:
    """A role by name in its container, or by id."""
    if role_id is not None:
        return await get_role_by_id(actor, realm_name, role_id)
    return await get_role(actor, realm_name, client_uuid, name or "")


async def list_composites(
    actor: Actor | None,
    realm_name: str,
    role: Role,
    *,
    realm_only: bool = False,
    client_uuid: str | None = None,
) -> list[Role]:
    """The roles ``role`` contains directly: all of them, the realm ones, or those of one client."""
    rights.require(actor, realm_name, _view_right(role.client_id))
    realm = await realm_by_name(realm_name)
    qs = Role.filter(parent_links__parent_id=role.id)
    if realm_only:
        qs = qs.filter(client_id=None)
    elif client_uuid is not None:
        client = await client_in_realm(realm, client_uuid)
        qs = qs.filter(client_id=client.id)
    return await qs.select_related("client").order_by("name")


async def role_users(
    actor: Actor | None, realm_name: str, role: Role, first: int = 0, max_: int = 100
) -> list[User]:
    rights.require(actor, realm_name, _view_right(role.client_id))
    rights.require(actor, realm_name, "query-users")
    return await User.filter(role_links__role_id=role.id).order_by("username").offset(first).limit(max_)


async def role_groups(
    actor: Actor | None, realm_name: str, role: Role, first: int = 0, max_: int = 100
) -> list[Group]:
    rights.require(actor, realm_name, _view_right(role.client_id))
    rights.require(actor, realm_name, "query-groups")
    return await Group.filter(role_links__role_id=role.id).order_by("name", "path").offset(first).limit(max_)


# Writing -------------------------------------------------------------------------------------------------


async def create_role(
    actor: Actor | None,
    realm_name: str,
    client_uuid: str | None,
    name: Any,
    *,
    description: Any = None,
    attributes: Any = None,
    representation: Any = None,
) -> Role:
    actor = rights.require(actor, realm_name, _manage_right(client_uuid))
    realm = await realm_by_name(realm_name)
    container_id = await _container_id(realm, client_uuid)
    name = _check_name(name)
    attrs = check_attributes(attributes) if attributes is not None else {}
    if await Role.filter(container_id=container_id, name=name).exists():
        raise Conflict(f"Role with name {name} already exists")
    role = Role(
        realm_id=realm.id,
        client_id=client_uuid,
        container_id=container_id,
        name=name,
        description=_check_description(description),
        attributes=attrs,
    )
    async with in_transaction():
        await role.save()
        await record_admin_event(realm, actor, "CREATE", resource_type(role), role_path(role), representation)
    return role


async def update_role(
    actor: Actor | None,
    realm_name: str,
    role: Role,
    *,
    name: Any = None,
    description: Any = None,
    attributes: Any = None,
    representation: Any = None,
) -> Role:
    actor = rights.require(actor, realm_name, _manage_right(role.client_id))
    realm = await realm_by_name(realm_name)
    new_name = _check_name(name) if name is not None else role.name
    attrs = check_attributes(attributes) if attributes is not None else None
    if new_name != role.name:
        if role.client_id is None and role.name == f"default-roles-{realm.name}":
            raise InvalidInput("The default role of the realm cannot be renamed", field="name")
        if await Role.filter(container_id=role.container_id, name=new_name).exists():
            raise Conflict(f"Role with name {new_name} already exists")
    role.name = new_name
    if description is not None:
        role.description = _check_description(description)
    if attrs is not None:
        reserved = {k: v for k, v in role.attributes.items() if k == PERMISSIONS_KEY}
        role.attributes = attrs | reserved
    async with in_transaction():
        await role.save()
        await record_admin_event(realm, actor, "UPDATE", resource_type(role), role_path(role), representation)
    return role


async def delete_role(actor: Actor | None, realm_name: str, role: Role) -> None:
    actor = rights.require(actor, realm_name, _manage_right(role.client_id))
    realm = await realm_by_name(realm_name)
    if role.client_id is None and role.name == f"default-roles-{realm.name}":
        raise InvalidInput(f"{role.name} is default role of the realm and cannot be removed.")
    async with in_transaction():
        await role.delete()
        await record_admin_event(realm, actor, "DELETE", resource_type(role), role_path(role))


async def _resolve_by_id(realm: Realm, refs: Sequence[RoleRef]) -> list[Role]:
    ids = []
    for ref in refs:
        if not ref.id:
            raise InvalidInput("Each role needs an id", field="id")
        ids.append(ref.id)
    found = {r.id: r for r in await Role.filter(realm_id=realm.id, id__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound("Could not find composite role")
    return [found[i] for i in dict.fromkeys(ids)]


async def add_composites(
    actor: Actor | None, realm_name: str, role: Role, refs: Sequence[RoleRef], *, representation: Any = None
) -> None:
    actor = rights.require(actor, realm_name, _manage_right(role.client_id))
    realm = await realm_by_name(realm_name)
    children = await _resolve_by_id(realm, refs)
    if any(c.id == role.id for c in children):
        raise InvalidInput("A role cannot contain itself")
    existing = set(await RoleComposite.filter(parent_id=role.id).values_list("child_id", flat=True))
    new = [RoleComposite(parent_id=role.id, child_id=c.id) for c in children if c.id not in existing]
    async with in_transaction():
        if new:
            await RoleComposite.bulk_create(new)
        await record_admin_event(
            realm, actor, "CREATE", resource_type(role), role_path(role) + "/composites", representation
        )


async def remove_composites(
    actor: Actor | None, realm_name: str, role: Role, refs: Sequence[RoleRef], *, representation: Any = None
) -> None:
    actor = rights.require(actor, realm_name, _manage_right(role.client_id))
    realm = await realm_by_name(realm_name)
    children = await _resolve_by_id(realm, refs)
    async with in_transaction():
        await RoleComposite.filter(parent_id=role.id, child_id__in=[c.id for c in children]).delete()
        await record_admin_event(
            realm, actor, "DELETE", resource_type(role), role_path(role) + "/composites", representation
        )


# Fine-grained permission switch ----------------------------------------------------------------------------


async def role_permissions(actor: Actor | None, realm_name: str, role: Role) -> dict[str, Any]:
    rights.require(actor, realm_name, _view_right(role.client_id))
    return permission_reference("role", role.id, bool(role.attributes.get(PERMISSIONS_KEY)), ROLE_SCOPES)


async def set_role_permissions(
    actor: Actor | None, realm_name: str, role: Role, enabled: Any
) -> dict[str, Any]:
    actor = rights.require(actor, realm_name, _manage_right(role.client_id))
    realm = await realm_by_name(realm_name)
    if not isinstance(enabled, bool):
        raise InvalidInput("enabled must be a boolean", field="enabled")
    async with in_transaction():
        role.attributes = {k: v for k, v in role.attributes.items() if k != PERMISSIONS_KEY} | (
            {PERMISSIONS_KEY: True} if enabled else {}
        )
        await role.save(update_fields=["attributes"])
        await record_admin_event(
            realm,
            actor,
            "UPDATE",
            resource_type(role),
            role_path(role) + "/management/permissions",
            {"enabled": enabled},
        )
    return permission_reference("role", role.id, enabled, ROLE_SCOPES)
