"""Handlers for ``/client-scopes`` (and its legacy alias ``/client-templates``), the realm's
``default-default-client-scopes`` / ``default-optional-client-scopes`` and a client's
``default-client-scopes`` / ``optional-client-scopes``."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from core.errors import InvalidInput
from models import ClientScope
from resolvers.client_scopes import links, scopes
from resolvers.client_scopes.inputs import ScopeFields, ScopeView
from resolvers.kit.fields import UNSET
from rest_compat.keycloak.protocol_mappers import mapper_fields_from, to_mapper_representation
from rest_compat.keycloak.responses import created, no_content, ok
from rest_compat.routing import Call


def scope_fields_from(rep: dict[str, Any]) -> ScopeFields:
    mappers = rep.get("protocolMappers", UNSET)
    if mappers is not UNSET and mappers is not None and not isinstance(mappers, list):
        raise InvalidInput("protocolMappers must be a list", field="protocolMappers")
    return ScopeFields(
        name=rep.get("name", UNSET),
        description=rep.get("description", UNSET),
        protocol=rep.get("protocol", UNSET),
        attributes=rep.get("attributes", UNSET),
        protocol_mappers=UNSET if mappers is UNSET else [mapper_fields_from(m) for m in mappers or []],
    )


def to_scope_representation(view: ScopeView) -> dict[str, Any]:
    scope = view.scope
    rep: dict[str, Any] = {"id": scope.id, "name": scope.name}
    if scope.description is not None:
        rep["description"] = scope.description
    rep["protocol"] = scope.protocol
    rep["attributes"] = dict(scope.attributes)
    if view.mappers:
        rep["protocolMappers"] = [to_mapper_representation(m) for m in view.mappers]
    return rep


def to_brief_scope(scope: ClientScope) -> dict[str, Any]:
    return {"id": scope.id, "name": scope.name}


async def list_scopes(call: Call) -> Response:
    return ok(
        [to_scope_representation(v) for v in await scopes.list_scopes(call.actor, call.params["realm"])]
    )


async def create_scope(call: Call) -> Response:
    rep = await call.json_object()
    scope_id = rep.get("id") if isinstance(rep.get("id"), str) and rep.get("id") else None
    made = await scopes.create_scope(call.actor, call.params["realm"], scope_fields_from(rep), scope_id)
    return created(str(call.request.url.replace(query="")), made.scope.id)


async def get_scope(call: Call) -> Response:
    view = await scopes.get_scope(call.actor, call.params["realm"], call.params["scope_id"])
    return ok(to_scope_representation(view))


async def update_scope(call: Call) -> Response:
    rep = await call.json_object()
    fields = scope_fields_from(rep)
    fields.protocol_mappers = UNSET  # Keycloak's scope update leaves the mappers alone
    await scopes.update_scope(call.actor, call.params["realm"], call.params["scope_id"], fields)
    return no_content()


async def delete_scope(call: Call) -> Response:
    await scopes.delete_scope(call.actor, call.params["realm"], call.params["scope_id"])
    return no_content()


def _realm_defaults(default: bool) -> tuple[Any, Any, Any]:
    async def list_(call: Call) -> Response:
        found = await scopes.realm_defaults(call.actor, call.params["realm"], default)
        return ok([to_brief_scope(s) for s in found])

    async def add(call: Call) -> Response:
        await scopes.set_realm_default(call.actor, call.params["realm"], call.params["scope_id"], default)
        return no_content()

    async def remove(call: Call) -> Response:
        await scopes.remove_realm_default(call.actor, call.params["realm"], call.params["scope_id"], default)
        return no_content()

    return list_, add, remove


list_realm_defaults, add_realm_default, remove_realm_default = _realm_defaults(True)
list_realm_optionals, add_realm_optional, remove_realm_optional = _realm_defaults(False)


def _client_links(default: bool) -> tuple[Any, Any, Any]:
    async def list_(call: Call) -> Response:
        found = await links.client_scopes(
            call.actor, call.params["realm"], call.params["client_uuid"], default
        )
        return ok([to_brief_scope(s) for s in found])

    async def add(call: Call) -> Response:
        await links.add_client_scope(
            call.actor, call.params["realm"], call.params["client_uuid"], call.params["scope_id"], default
        )
        return no_content()

    async def remove(call: Call) -> Response:
        await links.remove_client_scope(
            call.actor, call.params["realm"], call.params["client_uuid"], call.params["scope_id"], default
        )
        return no_content()

    return list_, add, remove


list_client_defaults, add_client_default, remove_client_default = _client_links(True)
list_client_optionals, add_client_optional, remove_client_optional = _client_links(False)
