"""Handlers for ``scope-mappings`` of clients, client scopes and client templates."""

from __future__ import annotations

from starlette.responses import Response

from resolvers.client_scopes import scope_mappings
from resolvers.client_scopes.inputs import OwnerKind
from rest_compat.keycloak.mappers_roles import to_mappings_representation, to_role_representation
from rest_compat.keycloak.responses import no_content, ok
from rest_compat.keycloak.roles import role_refs
from rest_compat.routing import Call


def _owner(call: Call) -> tuple[OwnerKind, str]:
    if "client_uuid" in call.params:
        return "client", call.params["client_uuid"]
    return "scope", call.params["scope_id"]


async def get_all(call: Call) -> Response:
    kind, owner_id = _owner(call)
    found = await scope_mappings.all_mappings(call.actor, call.params["realm"], kind, owner_id)
    return ok(to_mappings_representation(found))


async def get_direct(call: Call) -> Response:
    kind, owner_id = _owner(call)
    found = await scope_mappings.direct_mappings(
        call.actor, call.params["realm"], kind, owner_id, call.params.get("target_client")
    )
    return ok([to_role_representation(v, brief=True) for v in found])


async def get_composite(call: Call) -> Response:
    kind, owner_id = _owner(call)
    found = await scope_mappings.composite_mappings(
        call.actor, call.params["realm"], kind, owner_id, call.params.get("target_client")
    )
    brief = call.query_bool("briefRepresentation") is not False
    return ok([to_role_representation(v, brief=brief) for v in found])


async def get_available(call: Call) -> Response:
    kind, owner_id = _owner(call)
    found = await scope_mappings.available_mappings(
        call.actor, call.params["realm"], kind, owner_id, call.params.get("target_client")
    )
    return ok([to_role_representation(v, brief=True) for v in found])


async def add(call: Call) -> Response:
    kind, owner_id = _owner(call)
    refs = role_refs(await call.json())
    await scope_mappings.change_mappings(
        call.actor, call.params["realm"], kind, owner_id, call.params.get("target_client"), refs, add=True
    )
    return no_content()


async def remove(call: Call) -> Response:
    kind, owner_id = _owner(call)
    refs = role_refs(await call.json())
    await scope_mappings.change_mappings(
        call.actor, call.params["realm"], kind, owner_id, call.params.get("target_client"), refs, add=False
    )
    return no_content()
