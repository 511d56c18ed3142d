"""Role mappings of users and groups: direct, effective (composite) and available roles, and granting
and revoking them. Users and groups share every rule; ``kind`` says which one a call addresses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Literal

from tortoise.transactions import in_transaction

from models import Client, GroupRoleMapping, Realm, Role, UserRoleMapping, raw
from resolvers.events.records import record_admin_event
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.roles import conferring
from resolvers.roles import effective as roles
from resolvers.roles.views import RoleRef, RoleView, role_views

Kind = Literal["user", "group"]


async def _subject(realm: Realm, kind: Kind, subject_id: str) -> str:
    if kind == "user":
        user = await lookup.user_in_realm(realm, subject_id)
        return str(user.id)
    group = await lookup.group_in_realm(realm, subject_id)
    return str(group.id)


def _mapping_model(kind: Kind) -> type[UserRoleMapping] | type[GroupRoleMapping]:
    return UserRoleMapping if kind == "user" else GroupRoleMapping


async def direct_roles_of(kind: Kind, subject_ids: Sequence[str]) -> dict[str, list[Role]]:
    """Batch: each user's or group's directly mapped roles (client loaded), by name, in one query."""
    out: dict[str, list[Role]] = defaultdict(list)
    if subject_ids:
        if kind == "user":
            rows: Any = await UserRoleMapping.filter(user_id__in=list(subject_ids)).select_related(
                "role__client"
            )
            pairs = [(m.user_id, m.role) for m in rows]
        else:
            rows = await GroupRoleMapping.filter(group_id__in=list(subject_ids)).select_related(
                "role__client"
            )
            pairs = [(m.group_id, m.role) for m in rows]
        for sid, role in sorted(pairs, key=lambda p: p[1].name):
            out[sid].append(role)
    return {sid: out.get(sid, []) for sid in subject_ids}


async def effective_roles_of(kind: Kind, subject_ids: list[str]) -> dict[str, list[Role]]:
    if kind == "user":
        return await roles.effective_roles(subject_ids)
    return await roles.group_effective_roles(subject_ids)


def _filter(found: list[Role], client_uuid: str | None) -> list[Role]:
    return [r for r in found if r.client_id == client_uuid]


async def get_mappings(actor: Actor | None, realm_name: str, kind: Kind, subject_id: str) -> list[RoleView]:
    """Every direct mapping, realm and client roles alike."""
    rights.require(actor, realm_name, "view-users")
    realm = await lookup.realm_by_name(realm_name)
    sid = await _subject(realm, kind, subject_id)
    return await role_views((await direct_roles_of(kind, [sid]))[sid])


async def get_direct(
    actor: Actor | None, realm_name: str, kind: Kind, subject_id: str, client_uuid: str | None = None
) -> list[RoleView]:
    """Direct mappings of realm roles, or of one client's roles."""
    rights.require(actor, realm_name, "view-users")
    realm = await lookup.realm_by_name(realm_name)
    sid = await _subject(realm, kind, subject_id)
    if client_uuid is not None:
        await lookup.client_in_realm(realm, client_uuid)
    return await role_views(_filter((await direct_roles_of(kind, [sid]))[sid], client_uuid))


async def get_effective(
    actor: Actor | None, realm_name: str, kind: Kind, subject_id: str, client_uuid: str | None = None
) -> list[RoleView]:
    """Effective realm roles (or one client's): through composites and, for users, groups up the tree."""
    rights.require(actor, realm_name, "view-users")
    realm = await lookup.realm_by_name(realm_name)
    sid = await _subject(realm, kind, subject_id)
    if client_uuid is not None:
        await lookup.client_in_realm(realm, client_uuid)
    return await role_views(_filter((await effective_roles_of(kind, [sid]))[sid], client_uuid))


async def get_available(
    actor: Actor | None, realm_name: str, kind: Kind, subject_id: str, client_uuid: str | None = None
) -> list[RoleView]:
    """Realm roles (or one client's) the subject does not hold yet, even through composites or groups."""
    rights.require(actor, realm_name, "view-users")
    realm = await lookup.realm_by_name(realm_name)
    sid = await _subject(realm, kind, subject_id)
    container = (await lookup.client_in_realm(realm, client_uuid)).id if client_uuid is not None else realm.id
    held = {r.id for r in (await effective_roles_of(kind, [sid]))[sid]}
    candidates = (
        await Role.filter(realm_id=realm.id, container_id=container).select_related("client").order_by("name")
    )
    return await role_views([r for r in candidates if r.id not in held])


async def _resolve(realm: Realm, client: Client | None, refs: Sequence[RoleRef]) -> list[Role]:
    """Roles named by the request in the realm's or the client's container, else 404."""
    return await lookup.roles_named(client.id if client else realm.id, [(r.id, r.name) for r in refs])


def _event(kind: Kind, sid: str, client: Client | None) -> tuple[str, str]:
    base = f"{'users' if kind == 'user' else 'groups'}/{sid}/role-mappings"
    if client is None:
        return "REALM_ROLE_MAPPING", base + "/realm"
    return "CLIENT_ROLE_MAPPING", f"{base}/clients/{client.id}"


async def add_mappings(
    actor: Actor | None,
    realm_name: str,
    kind: Kind,
    subject_id: str,
    refs: Sequence[RoleRef],
    client_uuid: str | None = None,
    *,
    representation: Any = None,
) -> list[Role]:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await lookup.realm_by_name(realm_name)
    sid = await _subject(realm, kind, subject_id)
    client = await lookup.client_in_realm(realm, client_uuid) if client_uuid is not None else None
    found = await _resolve(realm, client, refs)
    await conferring.require_may_confer_roles(actor, realm, [r.id for r in found])
    table = _mapping_model(kind)._meta.db_table
    owner = "user_id" if kind == "user" else "group_id"
    resource, path = _event(kind, sid, client)
    async with in_transaction():
        # Mappings a concurrent add made first are kept as they are, as a repeat keeps them.
        await raw.insert_missing(table, (owner, "role_id"), [(sid, r.id) for r in found])
        await record_admin_event(realm, actor, "CREATE", resource, path, representation)
    return found


async def remove_mappings(
    actor: Actor | None,
    realm_name: str,
    kind: Kind,
    subject_id: str,
    refs: Sequence[RoleRef] | None,
    client_uuid: str | None = None,
    *,
    representation: Any = None,
) -> list[Role]:
    """Revoke ``refs``; ``None`` revokes every direct mapping of the realm (or of the client)."""
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await lookup.realm_by_name(realm_name)
    sid = await _subject(realm, kind, subject_id)
    client = await lookup.client_in_realm(realm, client_uuid) if client_uuid is not None else None
    if refs is None:
        found = _filter((await direct_roles_of(kind, [sid]))[sid], client.id if client else None)
    else:
        found = await _resolve(realm, client, refs)
    await conferring.require_may_revoke(actor, realm, found)
    model = _mapping_model(kind)
    owner = "user_id" if kind == "user" else "group_id"
    resource, path = _event(kind, sid, client)
    async with in_transaction():
        if found:
            await model.filter(**{owner: sid, "role_id__in": [r.id for r in found]}).delete()
        await record_admin_event(realm, actor, "DELETE", resource, path, representation)
    return found


async def _split_by_container(realm_name: str, role_ids: Sequence[str]) -> dict[str | None, list[RoleRef]]:
    realm = await lookup.realm_by_name(realm_name)
    out: dict[str | None, list[RoleRef]] = defaultdict(list)
    for role in await lookup.roles_by_ids(realm, role_ids, lookup.MAPPED_ROLE_MISSING):
        out[role.client_id].append(RoleRef(id=role.id))
    return out


async def change_by_ids(
    actor: Actor | None, realm_name: str, kind: Kind, subject_id: str, role_ids: Sequence[str], *, grant: bool
) -> None:
    """Grant or revoke roles given by id alone, realm and client roles mixed (one event per container)."""
    rights.require(actor, realm_name, "manage-users")
    for client_uuid, refs in (await _split_by_container(realm_name, role_ids)).items():
        if grant:
            await add_mappings(actor, realm_name, kind, subject_id, refs, client_uuid)
        else:
            await remove_mappings(actor, realm_name, kind, subject_id, refs, client_uuid)
