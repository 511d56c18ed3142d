"""ORY access control roles: a role's id can stand as a subject in policies, for each of its members."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from core.errors import NotFound
from models import AcpRole, AcpRoleMember, Realm, User
from resolvers.acp.store import (
    DEFAULT_LIMIT,
    RESOURCE_TYPE,
    check_flavor,
    check_id,
    delete_row,
    invalidate,
    keto_realm_name,
    role_path,
    version_name,
)
from resolvers.events.records import record_admin_event
from resolvers.kit import cache, rights
from resolvers.kit.actor import Actor
from resolvers.kit.lookup import realm_by_name, realm_id


@dataclass(frozen=True)
class RoleView:
    """A role as every face shows it."""

    id: str
    flavor: str
    description: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class RoleInput:
    """A role to create or replace; ``id`` None for a new UUID. Its members become exactly ``members``."""

    id: str | None = None
    description: str = ""
    members: tuple[str, ...] = ()


def _members(values: Sequence[str]) -> list[str]:
    for value in values:
        check_id(value, "members")
    return list(dict.fromkeys(values))


def _view(role: AcpRole, members: Sequence[str]) -> RoleView:
    return RoleView(
        id=role.role_id, flavor=role.flavor, description=role.description or "", members=tuple(members)
    )


async def _views(roles: Sequence[AcpRole]) -> list[RoleView]:
    """Roles with their members, in one query for all of them."""
    by_role: dict[int, list[str]] = defaultdict(list)
    if roles:
        rows = (
            await AcpRoleMember.filter(role_id__in=[r.id for r in roles])
            .order_by("id")
            .values_list("role_id", "member")
        )
        for role_pk, member in rows:
            by_role[int(role_pk)].append(str(member))
    return [_view(r, by_role[r.id]) for r in roles]


async def list_roles(
    actor: Actor | None,
    flavor: str,
    *,
    member: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> list[RoleView]:
    """Roles in storage order, those having ``member`` among their members when given."""
    name = keto_realm_name()
    rights.require(actor, name, "view-authorization")
    check_flavor(flavor)
    qs = AcpRole.filter(realm_id=await realm_id(name), flavor=flavor)
    if member is not None:
        qs = qs.filter(id__in=Subquery(AcpRoleMember.filter(member=member).values("role_id")))
    return await _views(await qs.order_by("id").offset(offset).limit(limit))


async def get_role(actor: Actor | None, flavor: str, role_id: str) -> RoleView:
    name = keto_realm_name()
    rights.require(actor, name, "view-authorization")
    check_flavor(flavor)
    role = await AcpRole.get_or_none(realm_id=await realm_id(name), flavor=flavor, role_id=role_id)
    if role is None:
        raise NotFound("Role not found")
    return (await _views([role]))[0]


async def _write(
    actor: Actor,
    realm: Realm,
    flavor: str,
    role_id: str,
    *,
    replace: Sequence[str] | None = None,
    add: Sequence[str] = (),
    remove: str | None = None,
    description: str | None = None,
    must_exist: bool = False,
) -> RoleView:
    """The one write path of roles: create when missing (unless ``must_exist``), then set, add or remove
    members, bump the flavor's version and record the event, all in one transaction."""
    async with in_transaction():
        role = await AcpRole.get_or_none(realm_id=realm.id, flavor=flavor, role_id=role_id)
        operation = "UPDATE"
        if role is None:
            if must_exist:
                raise NotFound("Role not found")
            role = await AcpRole.create(
                realm_id=realm.id, flavor=flavor, role_id=role_id, description=description or ""
            )
            operation = "CREATE"
        elif description is not None and description != role.description:
            role.description = description
            await role.save(update_fields=["description"])
        rows = await AcpRoleMember.filter(role_id=role.id).order_by("id").values_list("member", flat=True)
        existing = [str(m) for m in rows]
        if replace is not None:
            stale = [m for m in existing if m not in set(replace)]
            if stale:
                await AcpRoleMember.filter(role_id=role.id, member__in=stale).delete()
            existing = [m for m in existing if m not in set(stale)]
            add = replace
        if remove is not None:
            await AcpRoleMember.filter(role_id=role.id, member=remove).delete()
            existing = [m for m in existing if m != remove]
        new = [m for m in dict.fromkeys(add) if m not in set(existing)]
        if new:
            await AcpRoleMember.bulk_create([AcpRoleMember(role_id=role.id, member=m) for m in new])
        view = _view(role, existing + new)
        await cache.bump(version_name(realm.id, flavor))
        rep = {"id": view.id, "description": view.description, "members": list(view.members)}
        await record_admin_event(realm, actor, operation, RESOURCE_TYPE, role_path(flavor, role_id), rep)
    invalidate(realm.id, flavor)
    return view


async def upsert_role(actor: Actor | None, flavor: str, role: RoleInput) -> RoleView:
    """Create or replace a role: its members become exactly ``role.members``."""
    name = keto_realm_name()
    actor = rights.require(actor, name, "manage-authorization")
    check_flavor(flavor)
    role_id = check_id(role.id or str(uuid.uuid4()), "id")
    members = _members(role.members)
    realm = await realm_by_name(name)
    return await _write(actor, realm, flavor, role_id, replace=members, description=role.description)


async def role_members_add(
    actor: Actor | None, flavor: str, role_id: str, members: Sequence[str]
) -> RoleView:
    """Add members to a role, creating the role when it does not exist (as Keto does)."""
    name = keto_realm_name()
    actor = rights.require(actor, name, "manage-authorization")
    check_flavor(flavor)
    check_id(role_id, "id")
    added = _members(members)
    realm = await realm_by_name(name)
    return await _write(actor, realm, flavor, role_id, add=added)


async def role_member_remove(actor: Actor | None, flavor: str, role_id: str, member: str) -> RoleView:
    name = keto_realm_name()
    actor = rights.require(actor, name, "manage-authorization")
    check_flavor(flavor)
    realm = await realm_by_name(name)
    return await _write(actor, realm, flavor, role_id, remove=member, must_exist=True)


async def delete_role(actor: Actor | None, flavor: str, role_id: str) -> bool:
    """Delete a role and its memberships; whether it existed (Keto answers 204 either way)."""
    return await delete_row(actor, flavor, AcpRole, {"role_id": role_id}, role_path(flavor, role_id))


async def roles_of_user(actor: Actor | None, realm_name: str, user_id: str) -> list[RoleView]:
    """The ACP roles, of every flavor, having the user (by username or id) among their members."""
    keto_realm = keto_realm_name()
    rights.require(actor, realm_name, "view-users")
    rights.require(actor, keto_realm, "view-authorization")
    realm = await realm_by_name(realm_name)
    found = await User.filter(id=user_id, realm_id=realm.id).values_list("id", "username")
    if not found:
        raise NotFound("User not found")
    keto_realm_id = await realm_id(keto_realm)
    names = list(dict.fromkeys([str(found[0][1]), str(found[0][0])]))
    roles = await AcpRole.filter(
        realm_id=keto_realm_id, id__in=Subquery(AcpRoleMember.filter(member__in=names).values("role_id"))
    ).order_by("flavor", "id")
    return await _views(roles)
