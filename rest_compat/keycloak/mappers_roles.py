"""Keycloak representations of groups, roles and role mappings; each mapper lists the fields it emits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from models import Group, Role
from resolvers.groups.tree import GroupNode, visible_attributes
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.roles.views import RoleView


def group_access(actor: Actor | None, realm_name: str) -> dict[str, bool]:
    if actor is None:
        return {}
    view = rights.can(actor, realm_name, "view-users")
    manage = rights.can(actor, realm_name, "manage-users")
    return {
        "view": view,
        "viewMembers": view,
        "manage": manage,
        "manageMembers": manage,
        "manageMembership": manage,
    }


def to_group_representation(
    node: GroupNode,
    *,
    brief: bool = True,
    roles: Mapping[str, list[Role]] | None = None,
    access: dict[str, bool] | None = None,
) -> dict[str, Any]:
    group = node.group
    rep: dict[str, Any] = {"id": group.id, "name": group.name, "path": group.path}
    if group.parent_id:
        rep["parentId"] = group.parent_id
    if group.description:
        rep["description"] = group.description
    rep["subGroupCount"] = node.sub_group_count
    rep["subGroups"] = [
        to_group_representation(c, brief=brief, roles=roles, access=access) for c in node.sub_groups
    ]
    if not brief:
        rep["attributes"] = visible_attributes(group.attributes)
        realm_roles, client_roles = role_names((roles or {}).get(group.id, []))
        rep["realmRoles"] = realm_roles
        rep["clientRoles"] = client_roles
    if access:
        rep["access"] = access
    return rep


def to_brief_group(group: Group) -> dict[str, Any]:
    """The short form Keycloak lists default groups and role holders with."""
    rep: dict[str, Any] = {"id": group.id, "name": group.name, "path": group.path}
    if group.parent_id:
        rep["parentId"] = group.parent_id
    rep["subGroups"] = []
    return rep


def role_names(roles: Iterable[Role]) -> tuple[list[str], dict[str, list[str]]]:
    realm: list[str] = []
    clients: dict[str, list[str]] = defaultdict(list)
    for role in roles:
        if role.client_id is None:
            realm.append(role.name)
        elif role.client is not None:
            clients[role.client.client_id].append(role.name)
    return sorted(realm), {k: sorted(v) for k, v in clients.items()}


def to_role_representation(view: RoleView, *, brief: bool = False) -> dict[str, Any]:
    role = view.role
    rep: dict[str, Any] = {"id": role.id, "name": role.name}
    if role.description is not None:
        rep["description"] = role.description
    rep.update(
        {
            "composite": view.composite,
            "clientRole": view.client_uuid is not None,
            "containerId": role.container_id,
        }
    )
    if not brief:
        rep["attributes"] = view.attributes
    return rep


def to_mappings_representation(views: Iterable[RoleView]) -> dict[str, Any]:
    """MappingsRepresentation: realm roles, and client roles grouped by clientId; empty parts left out."""
    realm: list[dict[str, Any]] = []
    clients: dict[str, dict[str, Any]] = {}
    for view in views:
        rep = to_role_representation(view, brief=True)
        if view.client_id is None:
            realm.append(rep)
        else:
            entry = clients.setdefault(
                view.client_id, {"id": view.client_uuid, "client": view.client_id, "mappings": []}
            )
            entry["mappings"].append(rep)
    out: dict[str, Any] = {}
    if realm:
        out["realmMappings"] = realm
    if clients:
        out["clientMappings"] = clients
    return out
