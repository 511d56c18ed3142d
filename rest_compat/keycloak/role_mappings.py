"""Handlers for ``/users/{user_id}/role-mappings`` and ``/groups/{group_id}/role-mappings``."""

from __future__ import annotations

from starlette.responses import Response

from resolvers.roles import mappings as role_mappings
from resolvers.roles.mappings import Kind
from rest_compat.keycloak.mappers_roles import to_mappings_representation, to_role_representation
from rest_compat.keycloak.responses import no_content, ok
from rest_compat.keycloak.roles import role_refs
from rest_compat.routing import Call


def _subject(call: Call) -> tuple[Kind, str]:
    if "user_id" in call.params:
        return "user", call.params["user_id"]
    return "group", call.params["group_id"]


async def get_all(call: Call) -> Response:
    kind, sid = _subject(call)
    found = await role_mappings.get_mappings(call.actor, call.params["realm"], kind, sid)
    return ok(to_mappings_representation(found))


async def get_direct(call: Call) -> Response:
    kind, sid = _subject(call)
    found = await role_mappings.get_direct(
        call.actor, call.params["realm"], kind, sid, call.params.get("client_uuid")
    )
    return ok([to_role_representation(v, brief=True) for v in found])


async def get_composite(call: Call) -> Response:
    kind, sid = _subject(call)
    found = await role_mappings.get_effective(
        call.actor, call.params["realm"], kind, sid, call.params.get("client_uuid")
    )
    brief = call.query_bool("briefRepresentation") is not False
    return ok([to_role_representation(v, brief=brief) for v in found])


async def get_available(call: Call) -> Response:
    kind, sid = _subject(call)
    found = await role_mappings.get_available(
        call.actor, call.params["realm"], kind, sid, call.params.get("client_uuid")
    )
    return ok([to_role_representation(v, brief=True) for v in found])


async def add(call: Call) -> Response:
    kind, sid = _subject(call)
    body = await call.json()
    await role_mappings.add_mappings(
        call.actor,
        call.params["realm"],
        kind,
        sid,
        role_refs(body),
        call.params.get("client_uuid"),
        representation=body,
    )
    return no_content()


async def remove(call: Call) -> Response:
    """Revoke the listed roles; without a body, every direct mapping of the realm (or client)."""
    kind, sid = _subject(call)
    raw = await call.request.body()
    body = await call.json() if raw.strip() else None
    refs = role_refs(body) if body is not None else None
    await role_mappings.remove_mappings(
        call.actor, call.params["realm"], kind, sid, refs, call.params.get("client_uuid"), representation=body
    )
    return no_content()
