"""Handlers for roles: ``/roles``, ``/roles-by-id`` and ``/clients/{client_uuid}/roles``."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.responses import Response

from core.errors import InvalidInput
from models import Role
from resolvers.roles import crud as role_admin
from resolvers.roles.crud import RoleRef
from resolvers.users.views import user_views
from rest_compat.keycloak.mappers import to_user_representation
from rest_compat.keycloak.mappers_roles import to_brief_group, to_role_representation
from rest_compat.keycloak.responses import no_content, ok
from rest_compat.routing import Call


def role_refs(body: Any) -> list[RoleRef]:
    """A JSON list of RoleRepresentation objects, as the role and mapping endpoints take."""
    if not isinstance(body, list):
        raise InvalidInput("Request body must be a list of roles")
    refs = []
    for item in body:
        if not isinstance(item, dict):
            raise InvalidInput("Each role must be an object")
        role_id, name = item.get("id"), item.get("name")
        if (role_id is not None and not isinstance(role_id, str)) or (
            name is not None and not isinstance(name, str)
        ):
            raise InvalidInput("Role id and name must be strings")
        if not role_id and not name:
            raise InvalidInput("Each role needs an id or a name")
        refs.append(RoleRef(id=role_id or None, name=name or None))
    return refs


async def render_roles(roles: list[Role], brief: bool) -> list[dict[str, Any]]:
    flags = await role_admin.composite_flags([r.id for r in roles])
    return [to_role_representation(r, flags[r.id], brief=brief) for r in roles]


def _brief(call: Call, default: bool) -> bool:
    value = call.query_bool("briefRepresentation")
    return default if value is None else value


async def _addressed(call: Call) -> Role:
    """The role a path names: by id (``roles-by-id``) or by name in the realm or a client."""
    params = call.params
    return await role_admin.find_role(
        call.actor, params["realm"], params.get("client_uuid"), params.get("role_name"), params.get("role_id")
    )


async def list_roles(call: Call) -> Response:
    max_raw = call.query.get("max")
    found = await role_admin.list_roles(
        call.actor,
        call.params["realm"],
        call.params.get("client_uuid"),
        search=call.query.get("search"),
        first=call.query_int("first", 0),
        max_=call.query_int("max", 100) if max_raw else None,
    )
    return ok(await render_roles(found, _brief(call, True)))


async def create_role(call: Call) -> Response:
    rep = await call.json_object()
    role = await role_admin.create_role(
        call.actor,
        call.params["realm"],
        call.params.get("client_uuid"),
        rep.get("name"),
        description=rep.get("description"),
        attributes=rep.get("attributes"),
        representation=rep,
    )
    location = f"{str(call.request.url.replace(query='')).rstrip('/')}/{quote(role.name, safe='')}"
    return Response(status_code=201, headers={"Location": location})


async def get_role(call: Call) -> Response:
    return ok((await render_roles([await _addressed(call)], brief=False))[0])


async def update_role(call: Call) -> Response:
    rep = await call.json_object()
    role = await _addressed(call)
    await role_admin.update_role(
        call.actor,
        call.params["realm"],
        role,
        name=rep.get("name"),
        description=rep.get("description"),
        attributes=rep.get("attributes"),
        representation=rep,
    )
    return no_content()


async def delete_role(call: Call) -> Response:
    await role_admin.delete_role(call.actor, call.params["realm"], await _addressed(call))
    return no_content()


async def list_composites(call: Call) -> Response:
    role = await _addressed(call)
    found = await role_admin.list_composites(call.actor, call.params["realm"], role)
    return ok(await render_roles(found, brief=False))


async def list_realm_composites(call: Call) -> Response:
    role = await _addressed(call)
    found = await role_admin.list_composites(call.actor, call.params["realm"], role, realm_only=True)
    return ok(await render_roles(found, brief=False))


async def list_client_composites(call: Call) -> Response:
    role = await _addressed(call)
    found = await role_admin.list_composites(
        call.actor, call.params["realm"], role, client_uuid=call.params["target_client"]
    )
    return ok(await render_roles(found, brief=False))


async def add_composites(call: Call) -> Response:
    body = await call.json()
    role = await _addressed(call)
    await role_admin.add_composites(
        call.actor, call.params["realm"], role, role_refs(body), representation=body
    )
    return no_content()


async def remove_composites(call: Call) -> Response:
    body = await call.json()
    role = await _addressed(call)
    await role_admin.remove_composites(
        call.actor, call.params["realm"], role, role_refs(body), representation=body
    )
    return no_content()


async def role_users(call: Call) -> Response:
    role = await _addressed(call)
    found = await role_admin.role_users(
        call.actor, call.params["realm"], role, call.query_int("first", 0), call.query_int("max", 100)
    )
    brief = _brief(call, True)
    views = await user_views(found, attributes=not brief)
    return ok([to_user_representation(v, brief=brief) for v in views])


async def role_groups(call: Call) -> Response:
    role = await _addressed(call)
    found = await role_admin.role_groups(
        call.actor, call.params["realm"], role, call.query_int("first", 0), call.query_int("max", 100)
    )
    return ok([to_brief_group(g) for g in found])


async def get_permissions(call: Call) -> Response:
    role = await _addressed(call)
    return ok(await role_admin.role_permissions(call.actor, call.params["realm"], role))


async def set_permissions(call: Call) -> Response:
    rep = await call.json_object()
    role = await _addressed(call)
    return ok(
        await role_admin.set_role_permissions(call.actor, call.params["realm"], role, rep.get("enabled"))
    )
