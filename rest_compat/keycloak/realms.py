"""Handlers for ``/admin/realms`` and ``/admin/realms/{realm}``."""

from __future__ import annotations

from starlette.responses import Response

from resolvers.realms import crud as realms
from rest_compat.keycloak.mappers import to_realm_representation
from rest_compat.keycloak.realm_import import realm_contents_from
from rest_compat.keycloak.responses import created, no_content, ok
from rest_compat.routing import Call


async def list_realms(call: Call) -> Response:
    brief = bool(call.query_bool("briefRepresentation"))
    found = await realms.list_realms(call.actor)
    return ok([to_realm_representation(r, brief=brief) for r in found])


async def create_realm(call: Call) -> Response:
    rep = await call.json_object()
    realm = await realms.create_realm(call.actor, rep, realm_contents_from(rep))
    return created(str(call.request.url.replace(query="")), realm.name)


async def get_realm(call: Call) -> Response:
    return ok(to_realm_representation(await realms.get_realm(call.actor, call.params["realm"])))


async def update_realm(call: Call) -> Response:
    await realms.update_realm(call.actor, call.params["realm"], await call.json_object())
    return no_content()


async def delete_realm(call: Call) -> Response:
    await realms.delete_realm(call.actor, call.params["realm"])
    return no_content()
