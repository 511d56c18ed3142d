"""Handlers for roles: ``/roles``, ``/roles-by-id`` and ``/clients/{client_uuid}/roles``."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.responses import Response

from core.errors import InvalidInput
from resolvers.roles import composites, holders, permissions
from resolvers.roles import crud as roles
from resolvers.roles.views import RoleAddress, RoleFields, RoleRef
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


def role_fields_from(rep: dict[str, Any]) -> RoleFields:
    """The role's own fields of a RoleRepresentation (composites have endpoints of their own)."""
    return RoleFields(
        name=rep.get("name"), description=rep.get("description"), attributes=rep.get("attributes")
    )


def _brief(call: Call, default: bool) -> bool:
    value = call.query_bool("briefRepresentation")
    return default if value is None else value


def _address(call: Call) -> RoleAddress:
    """The role a path names: by id (``roles-by-id``) or by name in the realm or a client."""
    params = call.params
    return RoleAddress(
        role_id=params.get("role_id"), name=params.get("role_name"), client_uuid=params.get("client_uuid")
    )


async def list_roles(call: Call) -> Response:
    max_raw = call.query.get("max")
    found = await roles.list_roles(
        call.actor,
        call.params["realm"],
        call.params.get("client_uuid"),
        search=call.query.get("search"),
        first=call.query_int("first", 0),
        max_=call.query_int("max", 100) if max_raw else None,
    )
    brief = _brief(call, True)
    return ok([to_role_representation(v, brief=brief) for v in found])


async def create_role(call: Call) -> Response:
    rep = await call.json_object()
    role = await roles.create_role(
        call.actor,
        call.params["realm"],
        call.params.get("client_uuid"),
        role_fields_from(rep),
        representation=rep,
    )
    location = f"{str(call.request.url.replace(query='')).rstrip('/')}/{quote(role.name, safe='')}"
    return Response(status_code=201, headers={"Location": location})


async def get_role(call: Call) -> Response:
    return ok(to_role_representation(await roles.get_role(call.actor, call.params["realm"], _address(call))))


async def update_role(call: Call) -> Response:
    rep = await call.json_object()
    await roles.update_role(
        call.actor, call.params["realm"], _address(call), role_fields_from(rep), representation=rep
    )
    return no_content()


async def delete_role(call: Call) -> Response:
    await roles.delete_role(call.actor, call.params["realm"], _address(call))
    return no_content()


async def list_composites(call: Call) -> Response:
    found = await composites.list_composites(call.actor, call.params["realm"], _address(call))
    return ok([to_role_representation(v) for v in found])


async def list_realm_composites(call: Call) -> Response:
    found = await composites.list_composites(
        call.actor, call.params["realm"], _address(call), realm_only=True
    )
    return ok([to_role_representation(v) for v in found])


async def list_client_composites(call: Call) -> Response:
    found = await composites.list_composites(
        call.actor, call.params["realm"], _address(call), client_uuid=call.params["target_client"]
    )
    return ok([to_role_representation(v) for v in found])


async def add_composites(call: Call) -> Response:
    body = await call.json()
    await composites.add_composites(
        call.actor, call.params["realm"], _address(call), role_refs(body), representation=body
    )
    return no_content()


async def remove_composites(call: Call) -> Response:
    body = await call.json()
    await composites.remove_composites(
        call.actor, call.params["realm"], _address(call), role_refs(body), representation=body
    )
    return no_content()


async def role_users(call: Call) -> Response:
    brief = _brief(call, True)
    found = await holders.role_users(
        call.actor,
        call.params["realm"],
        _address(call),
        call.query_int("first", 0),
        call.query_int("max", 100),
        with_attributes=not brief,
    )
    return ok([to_user_representation(h.user, h.attributes, brief=brief) for h in found])


async def role_groups(call: Call) -> Response:
    found = await holders.role_groups(
        call.actor,
        call.params["realm"],
        _address(call),
        call.query_int("first", 0),
        call.query_int("max", 100),
    )
    return ok([to_brief_group(g) for g in found])


async def get_permissions(call: Call) -> Response:
    return ok(await permissions.role_permissions(call.actor, call.params["realm"], _address(call)))


async def set_permissions(call: Call) -> Response:
    rep = await call.json_object()
    return ok(
        await permissions.set_role_permissions(
            call.actor, call.params["realm"], _address(call), rep.get("enabled")
        )
    )
