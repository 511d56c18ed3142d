"""Groups: the realm's group tree (paths kept in step on rename and move), membership, default groups and
the batch loaders both faces use."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.functions import Count
from tortoise.transactions import in_transaction

from core.errors import Conflict, InvalidInput, NotFound
from models import Group, GroupMembership, Realm, User
from resolvers.events.records import record_admin_event
from resolvers.kit import attributes, rights
from resolvers.kit.actor import Actor
from resolvers.kit.lookup import realm_by_name, user_in_realm
from resolvers.roles.effective import ancestor_paths

PERMISSIONS_KEY = "iamgraph.managementPermissions"
"""A reserved attribute holding whether fine-grained permissions are enabled; never shown as an attribute."""
DEFAULT_GROUPS_KEY = "defaultGroups"
GROUP_SCOPES = ("view", "manage", "view-members", "manage-members", "manage-membership")


@dataclass
class GroupNode:
    """A group as a tree node: its children as far as a listing populated them, and how many it has."""

    group: Group
    sub_group_count: int = 0
    sub_groups: list[GroupNode] = field(default_factory=list)


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput("Group name is missing", field="name")
    name = name.strip()
    if "/" in name:
        raise InvalidInput("Group name must not contain '/'", field="name")
    if len(name) > 255:
        raise InvalidInput("Group name is too long", field="name")
    return name


def check_attributes(value: Any) -> dict[str, list[str]]:
    """User-style attributes, without the reserved key that holds the management-permissions flag."""
    checked = attributes.check_attributes(value)
    if PERMISSIONS_KEY in checked:
        raise InvalidInput(f"attribute {PERMISSIONS_KEY} is reserved", field="attributes")
    return checked


def visible_attributes(attributes: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attributes.items() if k != PERMISSIONS_KEY}


def _child_path(parent: Group | None, name: str) -> str:
    return f"{parent.path if parent else ''}/{name}"


async def group_in_realm(realm: Realm, group_id: str) -> Group:
    group = await Group.get_or_none(id=group_id, realm_id=realm.id)
    if group is None:
        raise NotFound("Could not find group by id")
    return group


async def _check_sibling(
    realm: Realm, parent: Group | None, name: str, exclude_id: str | None = None
) -> None:
    same = Group.filter(realm_id=realm.id, path=_child_path(parent, name))
    if exclude_id:
        same = same.exclude(id=exclude_id)
    if await same.exists():
        if parent is None:
            raise Conflict(f"Top level group named '{name}' already exists.")
        raise Conflict(f"Sibling group named '{name}' already exists.")


async def _repath(realm: Realm, group: Group, new_path: str) -> None:
    """Give ``group`` its new path and every descendant the matching one. Runs in the caller's transaction."""
    old = group.path
    if old == new_path:
        return
    prefix = old + "/"
    descendants = [
        g for g in await Group.filter(realm_id=realm.id, path__startswith=prefix) if g.path.startswith(prefix)
    ]
    group.path = new_path
    await group.save(update_fields=["path", "name", "parent_id"])
    for g in descendants:
        g.path = new_path + g.path[len(old) :]
    if descendants:
        await Group.bulk_update(descendants, fields=["path"])


# Listing and reading ----------------------------------------------------------------------------------


async def sub_group_counts(group_ids: Sequence[str]) -> dict[str, int]:
    """Batch: how many direct children each group has, in one query."""
    out = dict.fromkeys(group_ids, 0)
    if group_ids:
        rows = await (
            Group.filter(parent_id__in=list(group_ids))
            .annotate(n=Count("id"))
            .group_by("parent_id")
            .values_list("parent_id", "n")
        )
        out.update({pid: int(n) for pid, n in rows})
    return out


async def _nodes(groups: Sequence[Group]) -> list[GroupNode]:
    counts = await sub_group_counts([g.id for g in groups])
    return [GroupNode(group=g, sub_group_count=counts[g.id]) for g in groups]


async def _with_hierarchy(realm: Realm, matched: Sequence[Group]) -> list[GroupNode]:
    """The root groups leading to ``matched``, each showing only the branches that lead to a match."""
    wanted = {p for g in matched for p in ancestor_paths(g.path)}
    by_path = {g.path: g for g in matched}
    missing = wanted - set(by_path)
    if missing:
        by_path.update({g.path: g for g in await Group.filter(realm_id=realm.id, path__in=list(missing))})
    nodes = {n.group.path: n for n in await _nodes(list(by_path.values()))}
    roots: list[GroupNode] = []
    for path in sorted(nodes, key=lambda p: (p.count("/"), p)):
        node = nodes[path]
        parent_path = path.rsplit("/", 1)[0]
        if parent_path and parent_path in nodes:
            nodes[parent_path].sub_groups.append(node)
        else:
            roots.append(node)
    for node in nodes.values():
        node.sub_groups.sort(key=lambda n: n.group.name)
    return sorted(roots, key=lambda n: n.group.name)


async def list_groups(
    actor: Actor | None,
    realm_name: str,
    *,
    search: str | None = None,
    q: Mapping[str, str] | None = None,
    exact: bool = False,
    first: int = 0,
    max_: int = 100,
    populate_hierarchy: bool = True,
) -> list[GroupNode]:
    rights.require(actor, realm_name, "query-groups")
    realm = await realm_by_name(realm_name)
    if q:
        matched = [
            g
            for g in await Group.filter(realm_id=realm.id).order_by("name", "path")
            if all(value in (g.attributes.get(name) or []) for name, value in q.items())
        ]
        matched = matched[first : first + max_]
    elif search is not None and search.strip():
        term = search.strip()
        qs = Group.filter(realm_id=realm.id)
        qs = qs.filter(name=term) if exact else qs.filter(name__icontains=term)
        matched = await qs.order_by("name", "path").offset(first).limit(max_)
    else:
        return await _nodes(
            await Group.filter(realm_id=realm.id, parent_id=None).order_by("name").offset(first).limit(max_)
        )
    if populate_hierarchy:
        return await _with_hierarchy(realm, matched)
    return await _nodes(matched)


async def count_groups(
    actor: Actor | None, realm_name: str, *, search: str | None = None, top: bool = False
) -> int:
    rights.require(actor, realm_name, "query-groups")
    realm = await realm_by_name(realm_name)
    qs = Group.filter(realm_id=realm.id)
    if search is not None and search.strip():
        qs = qs.filter(name__icontains=search.strip())
    elif top:
        qs = qs.filter(parent_id=None)
    return await qs.count()


async def get_group(actor: Actor | None, realm_name: str, group_id: str) -> GroupNode:
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    return (await _nodes([await group_in_realm(realm, group_id)]))[0]


async def group_by_path(actor: Actor | None, realm_name: str, path: str) -> GroupNode:
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    path = "/" + path.strip("/")
    group = await Group.get_or_none(realm_id=realm.id, path=path)
    if group is None:
        raise NotFound("Group path does not exist")
    return (await _nodes([group]))[0]


async def list_children(
    actor: Actor | None,
    realm_name: str,
    group_id: str,
    *,
    search: str | None = None,
    exact: bool = False,
    first: int = 0,
    max_: int = 10,
) -> list[GroupNode]:
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    qs = Group.filter(parent_id=group.id)
    if search:
        qs = qs.filter(name=search) if exact else qs.filter(name__icontains=search)
    return await _nodes(await qs.order_by("name").offset(first).limit(max_))


async def list_members(
    actor: Actor | None, realm_name: str, group_id: str, first: int = 0, max_: int = 100
) -> list[User]:
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    return await User.filter(group_links__group_id=group.id).order_by("username").offset(first).limit(max_)


# Writing -------------------------------------------------------------------------------------------------


async def create_group(
    actor: Actor | None,
    realm_name: str,
    name: Any,
    *,
    parent_id: str | None = None,
    attributes: Any = None,
    description: Any = None,
    representation: Any = None,
) -> Group:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    parent = await group_in_realm(realm, parent_id) if parent_id else None
    name = _check_name(name)
    attrs = check_attributes(attributes) if attributes is not None else {}
    if description is not None and not isinstance(description, str):
        raise InvalidInput("description must be a string", field="description")
    await _check_sibling(realm, parent, name)
    group = Group(
        realm_id=realm.id,
        parent_id=parent.id if parent else None,
        name=name,
        path=_child_path(parent, name),
        attributes=attrs,
        description=description,
    )
    async with in_transaction():
        await group.save()
        resource = f"groups/{parent.id}/children" if parent else f"groups/{group.id}"
        await record_admin_event(realm, actor, "CREATE", "GROUP", resource, representation)
    return group


async def move_group(
    actor: Actor | None,
    realm_name: str,
    group_id: str,
    new_parent_id: str | None,
    *,
    representation: Any = None,
) -> Group:
    """Move a group (with its subtree) under ``new_parent_id``, or to the top level when ``None``."""
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    parent = await group_in_realm(realm, new_parent_id) if new_parent_id else None
    if parent is not None and (parent.id == group.id or parent.path.startswith(group.path + "/")):
        raise InvalidInput("Cannot move a group under itself or one of its subgroups")
    if (parent.id if parent else None) == group.parent_id:
        return group
    await _check_sibling(realm, parent, group.name, exclude_id=group.id)
    async with in_transaction():
        group.parent_id = parent.id if parent else None
        await _repath(realm, group, _child_path(parent, group.name))
        await record_admin_event(realm, actor, "UPDATE", "GROUP", f"groups/{group.id}", representation)
    return group


async def update_group(
    actor: Actor | None,
    realm_name: str,
    group_id: str,
    *,
    name: Any = None,
    attributes: Any = None,
    description: Any = None,
    representation: Any = None,
) -> Group:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    name = _check_name(name)
    attrs = check_attributes(attributes) if attributes is not None else None
    if description is not None and not isinstance(description, str):
        raise InvalidInput("description must be a string", field="description")
    parent = await Group.get(id=group.parent_id) if group.parent_id else None
    if name != group.name:
        await _check_sibling(realm, parent, name, exclude_id=group.id)
    async with in_transaction():
        group.name = name
        if attrs is not None:
            reserved = (
                {PERMISSIONS_KEY: group.attributes[PERMISSIONS_KEY]}
                if PERMISSIONS_KEY in group.attributes
                else {}
            )
            group.attributes = attrs | reserved
        if description is not None:
            group.description = description
        await group.save()
        await _repath(realm, group, _child_path(parent, name))
        await record_admin_event(realm, actor, "UPDATE", "GROUP", f"groups/{group.id}", representation)
    return group


async def delete_group(actor: Actor | None, realm_name: str, group_id: str) -> None:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    subtree = {group.id} | {
        g.id
        for g in await Group.filter(realm_id=realm.id, path__startswith=group.path + "/")
        if g.path.startswith(group.path + "/")
    }
    async with in_transaction():
        defaults = list(realm.config.get(DEFAULT_GROUPS_KEY) or [])
        if set(defaults) & subtree:
            realm.config = realm.config | {DEFAULT_GROUPS_KEY: [d for d in defaults if d not in subtree]}
            await realm.save(update_fields=["config"])
        await group.delete()
        await record_admin_event(realm, actor, "DELETE", "GROUP", f"groups/{group_id}")


# Fine-grained permission switch ----------------------------------------------------------------------------


def permission_reference(kind: str, object_id: str, enabled: bool, scopes: Sequence[str]) -> dict[str, Any]:
    """Keycloak's ManagementPermissionReference; the ids are stable per object."""
    if not enabled:
        return {"enabled": False}
    ns = uuid.uuid5(uuid.NAMESPACE_URL, f"iamgraph:{kind}:{object_id}")
    return {
        "enabled": True,
        "resource": str(ns),
        "scopePermissions": {s: str(uuid.uuid5(ns, s)) for s in scopes},
    }


async def group_permissions(actor: Actor | None, realm_name: str, group_id: str) -> dict[str, Any]:
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    return permission_reference("group", group.id, bool(group.attributes.get(PERMISSIONS_KEY)), GROUP_SCOPES)


async def set_group_permissions(
    actor: Actor | None, realm_name: str, group_id: str, enabled: Any
) -> dict[str, Any]:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    if not isinstance(enabled, bool):
        raise InvalidInput("enabled must be a boolean", field="enabled")
    async with in_transaction():
        group.attributes = {k: v for k, v in group.attributes.items() if k != PERMISSIONS_KEY} | (
            {PERMISSIONS_KEY: True} if enabled else {}
        )
        await group.save(update_fields=["attributes"])
        await record_admin_event(
            realm, actor, "UPDATE", "GROUP", f"groups/{group.id}/management/permissions", {"enabled": enabled}
        )
    return permission_reference("group", group.id, enabled, GROUP_SCOPES)


# Default groups -----------------------------------------------------------------------------------------


async def default_groups_of(realm: Realm) -> list[Group]:
    """The groups every new user of ``realm`` joins."""
    ids = list(realm.config.get(DEFAULT_GROUPS_KEY) or [])
    return await Group.filter(realm_id=realm.id, id__in=ids).order_by("path") if ids else []


async def list_default_groups(actor: Actor | None, realm_name: str) -> list[Group]:
    rights.require(actor, realm_name, "view-realm")
    return await default_groups_of(await realm_by_name(realm_name))


async def add_default_group(actor: Actor | None, realm_name: str, group_id: str) -> None:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    defaults = list(realm.config.get(DEFAULT_GROUPS_KEY) or [])
    async with in_transaction():
        if group.id not in defaults:
            realm.config = realm.config | {DEFAULT_GROUPS_KEY: [*defaults, group.id]}
            await realm.save(update_fields=["config"])
        await record_admin_event(realm, actor, "CREATE", "GROUP", f"default-groups/{group.id}")


async def remove_default_group(actor: Actor | None, realm_name: str, group_id: str) -> None:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    defaults = list(realm.config.get(DEFAULT_GROUPS_KEY) or [])
    async with in_transaction():
        if group.id in defaults:
            realm.config = realm.config | {DEFAULT_GROUPS_KEY: [d for d in defaults if d != group.id]}
            await realm.save(update_fields=["config"])
        await record_admin_event(realm, actor, "DELETE", "GROUP", f"default-groups/{group.id}")


# Membership ---------------------------------------------------------------------------------------------


def _user_groups_query(user: User, search: str | None) -> Any:
    qs = Group.filter(member_links__user_id=user.id)
    if search and search.strip():
        qs = qs.filter(name__icontains=search.strip())
    return qs


async def list_user_groups(
    actor: Actor | None,
    realm_name: str,
    user_id: str,
    *,
    search: str | None = None,
    first: int = 0,
    max_: int = 100,
) -> list[GroupNode]:
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    user = await user_in_realm(realm, user_id)
    return await _nodes(
        await _user_groups_query(user, search).order_by("name", "path").offset(first).limit(max_)
    )


async def count_user_groups(
    actor: Actor | None, realm_name: str, user_id: str, *, search: str | None = None
) -> int:
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    user = await user_in_realm(realm, user_id)
    return await _user_groups_query(user, search).count()


async def join_group(actor: Actor | None, realm_name: str, user_id: str, group_id: str) -> Group:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    user = await user_in_realm(realm, user_id)
    group = await group_in_realm(realm, group_id)
    if not await GroupMembership.filter(user_id=user.id, group_id=group.id).exists():
        async with in_transaction():
            await GroupMembership.create(user_id=user.id, group_id=group.id)
            await record_admin_event(
                realm,
                actor,
                "CREATE",
                "GROUP_MEMBERSHIP",
                f"users/{user.id}/groups/{group.id}",
                {"id": group.id, "name": group.name, "path": group.path},
            )
    return group


async def leave_group(actor: Actor | None, realm_name: str, user_id: str, group_id: str) -> Group:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    user = await user_in_realm(realm, user_id)
    group = await group_in_realm(realm, group_id)
    async with in_transaction():
        removed = await GroupMembership.filter(user_id=user.id, group_id=group.id).delete()
        if removed:
            await record_admin_event(
                realm,
                actor,
                "DELETE",
                "GROUP_MEMBERSHIP",
                f"users/{user.id}/groups/{group.id}",
                {"id": group.id, "name": group.name, "path": group.path},
            )
    return group


# Batch loaders ------------------------------------------------------------------------------------------


async def groups_by_ids(group_ids: Sequence[str]) -> dict[str, Group]:
    return {g.id: g for g in await Group.filter(id__in=list(group_ids))} if group_ids else {}


async def children_of(group_ids: Sequence[str]) -> dict[str, list[Group]]:
    """Batch: each group's direct children, by name, in one query."""
    out: dict[str, list[Group]] = {gid: [] for gid in group_ids}
    if group_ids:
        for g in await Group.filter(parent_id__in=list(group_ids)).order_by("name"):
            out[g.parent_id].append(g)  # type: ignore[index]
    return out


async def groups_of_users(user_ids: Sequence[str]) -> dict[str, list[Group]]:
    """Batch: each user's groups, by path, in one query."""
    out: dict[str, list[Group]] = defaultdict(list)
    if user_ids:
        links = await GroupMembership.filter(user_id__in=list(user_ids)).select_related("group")
        for link in sorted(links, key=lambda m: m.group.path):
            out[link.user_id].append(link.group)  # type: ignore[attr-defined]
    return {uid: out.get(uid, []) for uid in user_ids}


async def member_ids_of(group_ids: Sequence[str]) -> dict[str, list[str]]:
    """Batch: each group's member ids, by username, in one query."""
    out: dict[str, list[str]] = {gid: [] for gid in group_ids}
    if group_ids:
        rows = (
            await GroupMembership.filter(group_id__in=list(group_ids))
            .order_by("user__username")
            .values_list("group_id", "user_id")
        )
        for gid, uid in rows:
            out[gid].append(uid)
    return out
