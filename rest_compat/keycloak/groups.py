"""Handlers for groups: ``/groups``, ``/group-by-path``, ``/default-groups`` and ``/users/{id}/groups``."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.responses import JSONResponse, Response

from core.errors import InvalidInput
from resolvers.groups import tree as groups
from resolvers.groups.tree import GroupNode
from resolvers.roles import mappings as role_mappings
from resolvers.users import crud as users
from rest_compat.keycloak.mappers import to_user_representation
from rest_compat.keycloak.mappers_roles import group_access, to_brief_group, to_group_representation
from rest_compat.keycloak.responses import created, no_content, ok
from rest_compat.routing import Call


def _walk(nodes: Iterable[GroupNode]) -> list[str]:
    out: list[str] = []
    for node in nodes:
        out.append(node.group.id)
        out.extend(_walk(node.sub_groups))
    return out


async def _render(call: Call, nodes: list[GroupNode], brief: bool) -> list[dict[str, object]]:
    roles = {} if brief else await role_mappings.direct_roles_of("group", _walk(nodes))
    access = group_access(call.actor, call.params["realm"])
    return [to_group_representation(n, brief=brief, roles=roles, access=access) for n in nodes]


def _brief(call: Call, default: bool) -> bool:
    value = call.query_bool("briefRepresentation")
    return default if value is None else value


async def list_groups(call: Call) -> Response:
    found = await groups.list_groups(
        call.actor,
        call.params["realm"],
        search=call.query.get("search"),
        q=users.parse_q(call.query.get("q")) if call.query.get("q") else None,
        exact=bool(call.query_bool("exact")),
        first=call.query_int("first", 0),
        max_=call.query_int("max", 100),
        populate_hierarchy=call.query_bool("populateHierarchy") is not False,
    )
    return ok(await _render(call, found, _brief(call, True)))


async def count_groups(call: Call) -> Response:
    count = await groups.count_groups(
        call.actor, call.params["realm"], search=call.query.get("search"), top=bool(call.query_bool("top"))
    )
    return JSONResponse({"count": count})


def _group_url(call: Call, group_id: str) -> str:
    return f"{call.base_url}/admin/realms/{call.params['realm']}/groups/{group_id}"


async def create_group(call: Call) -> Response:
    """Create a top-level group, or move the group the body names by ``id`` to the top level."""
    rep = await call.json_object()
    realm = call.params["realm"]
    if rep.get("id") is not None:
        if not isinstance(rep["id"], str):
            raise InvalidInput("id must be a string", field="id")
        await groups.move_group(call.actor, realm, rep["id"], None, representation=rep)
        return no_content()
    group = await groups.create_group(
        call.actor,
        realm,
        rep.get("name"),
        attributes=rep.get("attributes"),
        description=rep.get("description"),
        representation=rep,
    )
    return created(_group_url(call, "").rstrip("/"), group.id)


async def add_child(call: Call) -> Response:
    """Create a child group (201 with its representation), or move an existing group here (204)."""
    rep = await call.json_object()
    realm, parent_id = call.params["realm"], call.params["group_id"]
    if rep.get("id") is not None:
        if not isinstance(rep["id"], str):
            raise InvalidInput("id must be a string", field="id")
        await groups.move_group(call.actor, realm, rep["id"], parent_id, representation=rep)
        return no_content()
    group = await groups.create_group(
        call.actor,
        realm,
        rep.get("name"),
        parent_id=parent_id,
        attributes=rep.get("attributes"),
        description=rep.get("description"),
        representation=rep,
    )
    body = to_group_representation(GroupNode(group=group), brief=False, roles={})
    return JSONResponse(body, status_code=201, headers={"Location": _group_url(call, group.id)})


async def get_group(call: Call) -> Response:
    node = await groups.get_group(call.actor, call.params["realm"], call.params["group_id"])
    return ok((await _render(call, [node], brief=False))[0])


async def update_group(call: Call) -> Response:
    rep = await call.json_object()
    await groups.update_group(
        call.actor,
        call.params["realm"],
        call.params["group_id"],
        name=rep.get("name"),
        attributes=rep.get("attributes"),
        description=rep.get("description"),
        representation=rep,
    )
    return no_content()


async def delete_group(call: Call) -> Response:
    await groups.delete_group(call.actor, call.params["realm"], call.params["group_id"])
    return no_content()


async def list_children(call: Call) -> Response:
    found = await groups.list_children(
        call.actor,
        call.params["realm"],
        call.params["group_id"],
        search=call.query.get("search"),
        exact=bool(call.query_bool("exact")),
        first=call.query_int("first", 0),
        max_=call.query_int("max", 10),
    )
    return ok(await _render(call, found, _brief(call, False)))


async def list_members(call: Call) -> Response:
    found = await groups.list_members(
        call.actor,
        call.params["realm"],
        call.params["group_id"],
        call.query_int("first", 0),
        call.query_int("max", 100),
    )
    brief = _brief(call, False)
    attributes = {} if brief else await users.attributes_of([u.id for u in found])
    return ok([to_user_representation(u, attributes.get(u.id), brief=brief) for u in found])


async def group_by_path(call: Call) -> Response:
    node = await groups.group_by_path(call.actor, call.params["realm"], call.params["path"])
    return ok((await _render(call, [node], brief=False))[0])


async def get_permissions(call: Call) -> Response:
    return ok(await groups.group_permissions(call.actor, call.params["realm"], call.params["group_id"]))


async def set_permissions(call: Call) -> Response:
    rep = await call.json_object()
    return ok(
        await groups.set_group_permissions(
            call.actor, call.params["realm"], call.params["group_id"], rep.get("enabled")
        )
    )


async def list_default_groups(call: Call) -> Response:
    return ok([to_brief_group(g) for g in await groups.list_default_groups(call.actor, call.params["realm"])])


async def add_default_group(call: Call) -> Response:
    await groups.add_default_group(call.actor, call.params["realm"], call.params["group_id"])
    return no_content()


async def remove_default_group(call: Call) -> Response:
    await groups.remove_default_group(call.actor, call.params["realm"], call.params["group_id"])
    return no_content()


async def list_user_groups(call: Call) -> Response:
    found = await groups.list_user_groups(
        call.actor,
        call.params["realm"],
        call.params["user_id"],
        search=call.query.get("search"),
        first=call.query_int("first", 0),
        max_=call.query_int("max", 100),
    )
    return ok(await _render(call, found, _brief(call, True)))


async def count_user_groups(call: Call) -> Response:
    count = await groups.count_user_groups(
        call.actor, call.params["realm"], call.params["user_id"], search=call.query.get("search")
    )
    return JSONResponse({"count": count})


async def join_group(call: Call) -> Response:
    await groups.join_group(call.actor, call.params["realm"], call.params["user_id"], call.params["group_id"])
    return no_content()


async def leave_group(call: Call) -> Response:
    await groups.leave_group(
        call.actor, call.params["realm"], call.params["user_id"], call.params["group_id"]
    )
    return no_content()
