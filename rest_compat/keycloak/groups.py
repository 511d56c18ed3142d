"""Handlers for groups: ``/groups``, ``/group-by-path``, ``/default-groups`` and ``/users/{id}/groups``."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from core.errors import InvalidInput
from resolvers.groups import defaults, members, tree
from resolvers.groups.tree import GroupFields
from resolvers.groups.views import GroupNode
from resolvers.kit import management
from resolvers.users.inputs import attribute_query
from rest_compat.keycloak.mappers import to_user_representation
from rest_compat.keycloak.mappers_roles import to_brief_group, to_group_representation
from rest_compat.keycloak.responses import created, no_content, ok
from rest_compat.routing import Call


def _brief(call: Call, default: bool) -> bool:
    value = call.query_bool("briefRepresentation")
    return default if value is None else value


def _group_fields(rep: dict[str, Any]) -> GroupFields:
    return GroupFields(
        name=rep.get("name"), description=rep.get("description"), attributes=rep.get("attributes")
    )


def _moved_id(rep: dict[str, Any]) -> str | None:
    """The id of the existing group a create body names, which makes the create a move."""
    group_id = rep.get("id")
    if group_id is not None and not isinstance(group_id, str):
        raise InvalidInput("id must be a string", field="id")
    return group_id


async def list_groups(call: Call) -> Response:
    brief = _brief(call, True)
    found = await tree.list_groups(
        call.actor,
        call.params["realm"],
        search=call.query.get("search"),
        attributes=attribute_query(call.query.get("q")),
        exact=bool(call.query_bool("exact")),
        first=call.query_int("first", 0),
        max_=call.query_int("max", 100),
        populate_hierarchy=call.query_bool("populateHierarchy") is not False,
        brief=brief,
    )
    return ok([to_group_representation(n, brief=brief) for n in found])


async def count_groups(call: Call) -> Response:
    count = await tree.count_groups(
        call.actor, call.params["realm"], search=call.query.get("search"), top=bool(call.query_bool("top"))
    )
    return JSONResponse({"count": count})


def _group_url(call: Call, group_id: str) -> str:
    return f"{call.base_url}/admin/realms/{call.params['realm']}/groups/{group_id}"


async def create_group(call: Call) -> Response:
    """Create a top-level group, or move the group the body names by ``id`` to the top level."""
    rep = await call.json_object()
    realm = call.params["realm"]
    moved = _moved_id(rep)
    if moved is not None:
        await tree.move_group(call.actor, realm, moved, None)
        return no_content()
    group = await tree.create_group(call.actor, realm, _group_fields(rep))
    return created(_group_url(call, "").rstrip("/"), group.id)


async def add_child(call: Call) -> Response:
    """Create a child group (201 with its representation), or move an existing group here (204)."""
    rep = await call.json_object()
    realm, parent_id = call.params["realm"], call.params["group_id"]
    moved = _moved_id(rep)
    if moved is not None:
        await tree.move_group(call.actor, realm, moved, parent_id)
        return no_content()
    group = await tree.create_group(call.actor, realm, _group_fields(rep), parent_id=parent_id)
    body = to_group_representation(GroupNode(group=group), brief=False)
    return JSONResponse(body, status_code=201, headers={"Location": _group_url(call, group.id)})


async def get_group(call: Call) -> Response:
    node = await tree.get_group(call.actor, call.params["realm"], call.params["group_id"], brief=False)
    return ok(to_group_representation(node, brief=False))


async def update_group(call: Call) -> Response:
    fields = _group_fields(await call.json_object())
    await tree.update_group(call.actor, call.params["realm"], call.params["group_id"], fields)
    return no_content()


async def delete_group(call: Call) -> Response:
    await tree.delete_group(call.actor, call.params["realm"], call.params["group_id"])
    return no_content()


async def list_children(call: Call) -> Response:
    brief = _brief(call, False)
    found = await tree.list_children(
        call.actor,
        call.params["realm"],
        call.params["group_id"],
        search=call.query.get("search"),
        exact=bool(call.query_bool("exact")),
        first=call.query_int("first", 0),
        max_=call.query_int("max", 10),
        brief=brief,
    )
    return ok([to_group_representation(n, brief=brief) for n in found])


async def list_members(call: Call) -> Response:
    brief = _brief(call, False)
    found = await members.list_members(
        call.actor,
        call.params["realm"],
        call.params["group_id"],
        call.query_int("first", 0),
        call.query_int("max", 100),
        brief=brief,
    )
    return ok([to_user_representation(v, brief=brief) for v in found])


async def group_by_path(call: Call) -> Response:
    node = await tree.group_by_path(call.actor, call.params["realm"], call.params["path"], brief=False)
    return ok(to_group_representation(node, brief=False))


async def get_permissions(call: Call) -> Response:
    return ok(await management.get(call.actor, call.params["realm"], tree.GROUP, call.params["group_id"]))


async def set_permissions(call: Call) -> Response:
    enabled = (await call.json_object()).get("enabled")
    return ok(
        await management.set(call.actor, call.params["realm"], tree.GROUP, call.params["group_id"], enabled)
    )


async def list_default_groups(call: Call) -> Response:
    found = await defaults.list_default_groups(call.actor, call.params["realm"])
    return ok([to_brief_group(g) for g in found])


async def add_default_group(call: Call) -> Response:
    await defaults.add_default_group(call.actor, call.params["realm"], call.params["group_id"])
    return no_content()


async def remove_default_group(call: Call) -> Response:
    await defaults.remove_default_group(call.actor, call.params["realm"], call.params["group_id"])
    return no_content()


async def list_user_groups(call: Call) -> Response:
    brief = _brief(call, True)
    found = await members.list_user_groups(
        call.actor,
        call.params["realm"],
        call.params["user_id"],
        search=call.query.get("search"),
        first=call.query_int("first", 0),
        max_=call.query_int("max", 100),
        brief=brief,
    )
    return ok([to_group_representation(n, brief=brief) for n in found])


async def count_user_groups(call: Call) -> Response:
    count = await members.count_user_groups(
        call.actor, call.params["realm"], call.params["user_id"], search=call.query.get("search")
    )
    return JSONResponse({"count": count})


async def join_group(call: Call) -> Response:
    await members.join_group(
        call.actor, call.params["realm"], call.params["user_id"], call.params["group_id"]
    )
    return no_content()


async def leave_group(call: Call) -> Response:
    await members.leave_group(
        call.actor, call.params["realm"], call.params["user_id"], call.params["group_id"]
    )
    return no_content()
