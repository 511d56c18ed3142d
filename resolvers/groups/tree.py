"""Groups: the realm's group tree, read and written. Paths are kept in step on rename and move; a group's
fine-grained permission switch is the kit's (``GROUP`` below)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import Conflict, InvalidInput, NotFound
from models import Group, Realm, raw
from resolvers.groups.defaults import DEFAULT_GROUPS_KEY as DEFAULT_GROUPS_KEY  # importable here too
from resolvers.groups.defaults import forget_default_groups
from resolvers.groups.views import GroupNode, detailed, nodes
from resolvers.kit import management, rights, unique
from resolvers.kit.actor import Actor
from resolvers.kit.attributes import check_attributes
from resolvers.kit.audit import record_admin_event
from resolvers.kit.lookup import group_in_realm as group_in_realm  # importable here too
from resolvers.kit.lookup import realm_by_name
from resolvers.roles import conferring
from resolvers.roles.effective import ancestor_paths

GROUP_SCOPES = ("view", "manage", "view-members", "manage-members", "manage-membership")
_CONCURRENT = "A group with the same path was created concurrently"


@dataclass(frozen=True)
class GroupFields:
    """The writable fields of a group; ``None`` leaves a field as it is (a name is always required).
    The resolvers validate every value, since a dialect may hand a JSON value over as it came."""

    name: str | None = None
    description: str | None = None
    attributes: Mapping[str, Any] | None = None

    def representation(self) -> dict[str, Any]:
        """The GroupRepresentation of the given fields, as an admin event records it."""
        given = (("name", self.name), ("description", self.description), ("attributes", self.attributes))
        return {key: value for key, value in given if value is not None}


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput("Group name is missing", field="name")
    name = name.strip()
    if "/" in name:
        raise InvalidInput("Group name must not contain '/'", field="name")
    if len(name) > 255:
        raise InvalidInput("Group name is too long", field="name")
    return name


def _check_description(description: object) -> str | None:
    if description is not None and not isinstance(description, str):
        raise InvalidInput("description must be a string", field="description")
    return description


def _child_path(parent: Group | None, name: str) -> str:
    return f"{parent.path if parent else ''}/{name}"


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


async def _descendants(realm: Realm, group: Group) -> list[Group]:
    prefix = group.path + "/"
    # ``startswith`` is a LIKE, which ignores case on SQLite: the exact test keeps only real descendants.
    found = await Group.filter(realm_id=realm.id, path__startswith=prefix)
    return [g for g in found if g.path.startswith(prefix)]


async def _lock_tree(realm: Realm) -> None:
    """Serialise the realm's tree changes until the caller's transaction ends: every change that moves,
    renames, deletes or adds under a group takes this lock, then reads the paths it relies on."""
    await raw.lock_row("realm", realm.id)


async def _repath(realm: Realm, group: Group, new_path: str) -> None:
    """Give ``group`` its new path and every descendant the matching one. Runs in the caller's transaction."""
    old = group.path
    if old == new_path:
        return
    descendants = await _descendants(realm, group)
    group.path = new_path
    await group.save(update_fields=["path", "name", "parent_id"])
    for g in descendants:
        g.path = new_path + g.path[len(old) :]
    if descendants:
        await Group.bulk_update(descendants, fields=["path"])


# Reading --------------------------------------------------------------------------------------------------


async def _with_hierarchy(realm: Realm, matched: Sequence[Group]) -> list[GroupNode]:
    """The root groups leading to ``matched``, each showing only the branches that lead to a match."""
    wanted = {p for g in matched for p in ancestor_paths(g.path)}
    by_path = {g.path: g for g in matched}
    missing = wanted - by_path.keys()
    if missing:
        by_path.update({g.path: g for g in await Group.filter(realm_id=realm.id, path__in=list(missing))})
    found = {n.group.path: n for n in await nodes(list(by_path.values()))}
    roots: list[GroupNode] = []
    for path in sorted(found, key=lambda p: (p.count("/"), p)):
        node = found[path]
        parent_path = path.rsplit("/", 1)[0]
        if parent_path and parent_path in found:
            found[parent_path].sub_groups.append(node)
        else:
            roots.append(node)
    for node in found.values():
        node.sub_groups.sort(key=lambda n: n.group.name)
    return sorted(roots, key=lambda n: n.group.name)


async def _matching(
    realm: Realm, search: str | None, attributes: Mapping[str, str], exact: bool, first: int, max_: int
) -> list[Group] | None:
    """The groups a search or an attribute filter matches; ``None`` when neither is given."""
    if attributes:
        matched = [
            g
            for g in await Group.filter(realm_id=realm.id).order_by("name", "path")
            if all(value in (g.attributes.get(name) or []) for name, value in attributes.items())
        ]
        return matched[first : first + max_]
    if search is not None and search.strip():
        term = search.strip()
        qs = Group.filter(realm_id=realm.id)
        qs = qs.filter(name=term) if exact else qs.filter(name__icontains=term)
        return await qs.order_by("name", "path").offset(first).limit(max_)
    return None


async def list_groups(
    actor: Actor | None,
    realm_name: str,
    *,
    search: str | None = None,
    attributes: Mapping[str, str] | None = None,
    exact: bool = False,
    first: int = 0,
    max_: int = 100,
    populate_hierarchy: bool = True,
    brief: bool = True,
) -> list[GroupNode]:
    """Top-level groups, or the groups matching ``search`` or ``attributes`` (with the branches leading
    to them when ``populate_hierarchy``)."""
    rights.require(actor, realm_name, "query-groups")
    realm = await realm_by_name(realm_name)
    matched = await _matching(realm, search, attributes or {}, exact, first, max_)
    if matched is None:
        top = await Group.filter(realm_id=realm.id, parent_id=None).order_by("name").offset(first).limit(max_)
        found = await nodes(top)
    elif populate_hierarchy:
        found = await _with_hierarchy(realm, matched)
    else:
        found = await nodes(matched)
    return await detailed(found, actor, realm_name, brief=brief)


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


async def get_group(actor: Actor | None, realm_name: str, group_id: str, *, brief: bool = True) -> GroupNode:
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    found = await nodes([await group_in_realm(realm, group_id)])
    return (await detailed(found, actor, realm_name, brief=brief))[0]


async def group_by_path(actor: Actor | None, realm_name: str, path: str, *, brief: bool = True) -> GroupNode:
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    group = await Group.get_or_none(realm_id=realm.id, path="/" + path.strip("/"))
    if group is None:
        raise NotFound("Group path does not exist")
    return (await detailed(await nodes([group]), actor, realm_name, brief=brief))[0]


async def list_children(
    actor: Actor | None,
    realm_name: str,
    group_id: str,
    *,
    search: str | None = None,
    exact: bool = False,
    first: int = 0,
    max_: int = 10,
    brief: bool = False,
) -> list[GroupNode]:
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    qs = Group.filter(parent_id=group.id)
    if search:
        qs = qs.filter(name=search) if exact else qs.filter(name__icontains=search)
    found = await nodes(await qs.order_by("name").offset(first).limit(max_))
    return await detailed(found, actor, realm_name, brief=brief)


# Writing --------------------------------------------------------------------------------------------------


async def create_group(
    actor: Actor | None, realm_name: str, f: GroupFields, *, parent_id: str | None = None
) -> Group:
    """Create a top-level group, or a child of ``parent_id``."""
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    parent = await group_in_realm(realm, parent_id) if parent_id else None
    if parent is not None:
        await conferring.require_may_confer_groups(actor, realm, [parent.id])
    name = _check_name(f.name)
    attrs = check_attributes(f.attributes) if f.attributes is not None else {}
    description = _check_description(f.description)
    await _check_sibling(realm, parent, name)
    async with unique.transaction(_CONCURRENT):
        if parent is not None:
            await _lock_tree(realm)
            parent = await group_in_realm(realm, parent.id)  # its path now, not before a concurrent move
        group = Group(
            realm_id=realm.id,
            parent_id=parent.id if parent else None,
            name=name,
            path=_child_path(parent, name),
            attributes=attrs,
            description=description,
        )
        await group.save()
        resource = f"groups/{parent.id}/children" if parent else f"groups/{group.id}"
        await record_admin_event(realm, actor, "CREATE", "GROUP", resource, f)
    return group


async def move_group(actor: Actor | None, realm_name: str, group_id: str, new_parent_id: str | None) -> Group:
    """Move a group (with its subtree) under ``new_parent_id``, or to the top level when ``None``."""
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    parent = await group_in_realm(realm, new_parent_id) if new_parent_id else None
    if parent is not None:
        # Every member of the moved subtree, now and later, gets what the new parent chain holds.
        await conferring.require_may_confer_groups(actor, realm, [parent.id])
    async with unique.transaction(_CONCURRENT):
        # Checked under the tree's lock, on the paths as they are now: two moves checked side by side
        # could each be fine and together close a cycle.
        await _lock_tree(realm)
        group = await group_in_realm(realm, group.id)
        parent = await group_in_realm(realm, parent.id) if parent else None
        if parent is not None and (parent.id == group.id or parent.path.startswith(group.path + "/")):
            raise InvalidInput("Cannot move a group under itself or one of its subgroups")
        if (parent.id if parent else None) == group.parent_id:
            return group
        await _check_sibling(realm, parent, group.name, exclude_id=group.id)
        group.parent_id = parent.id if parent else None
        await _repath(realm, group, _child_path(parent, group.name))
        # Keycloak records the GroupRepresentation the move was asked with: it names the moved group.
        await record_admin_event(realm, actor, "UPDATE", "GROUP", f"groups/{group.id}", {"id": group.id})
    return group


async def update_group(actor: Actor | None, realm_name: str, group_id: str, f: GroupFields) -> Group:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    name = _check_name(f.name)
    attrs = check_attributes(f.attributes) if f.attributes is not None else None
    description = _check_description(f.description)
    async with unique.transaction(_CONCURRENT):
        # Read under the tree's lock: saving a copy read before a concurrent move would undo the move.
        await _lock_tree(realm)
        group = await group_in_realm(realm, group.id)
        parent = await Group.get(id=group.parent_id) if group.parent_id else None
        if name != group.name:
            await _check_sibling(realm, parent, name, exclude_id=group.id)
        group.name = name
        if attrs is not None:
            group.attributes = management.keep_switch(group.attributes, attrs)
        if description is not None:
            group.description = description
        await group.save()
        await _repath(realm, group, _child_path(parent, name))
        await record_admin_event(realm, actor, "UPDATE", "GROUP", f"groups/{group.id}", f)
    return group


async def delete_group(actor: Actor | None, realm_name: str, group_id: str) -> None:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    group = await group_in_realm(realm, group_id)
    async with in_transaction():
        await _lock_tree(realm)
        group = await group_in_realm(realm, group.id)
        subtree = {group.id} | {g.id for g in await _descendants(realm, group)}
        await forget_default_groups(realm, subtree)
        await group.delete()
        await record_admin_event(realm, actor, "DELETE", "GROUP", f"groups/{group_id}")


# The fine-grained permission switch -----------------------------------------------------------------------


async def _switch_subject(realm: Realm, group_id: str) -> management.Subject:
    group = await group_in_realm(realm, group_id)
    return management.Subject(
        model=group,
        view_right="view-users",
        manage_right="manage-users",
        resource_type="GROUP",
        resource_path=f"groups/{group.id}",
    )


GROUP = management.Kind(
    name="group",
    scopes=GROUP_SCOPES,
    find=_switch_subject,
    view_right="view-users",
    manage_right="manage-users",
)
