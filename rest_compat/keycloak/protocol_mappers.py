"""Handlers for ``protocol-mappers`` of clients, client scopes and client templates."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from core.errors import InvalidInput
from models import ProtocolMapper
from resolvers.client_scopes import mappers
from resolvers.client_scopes.inputs import MapperFields, OwnerKind
from resolvers.kit.fields import UNSET
from rest_compat.keycloak.responses import created, no_content, ok
from rest_compat.routing import Call


def mapper_fields_from(rep: object) -> MapperFields:
    if not isinstance(rep, dict):
        raise InvalidInput("A protocol mapper must be a JSON object")
    mapper_id = rep.get("id")
    return MapperFields(
        name=rep.get("name", UNSET),
        protocol=rep.get("protocol", UNSET),
        protocol_mapper=rep.get("protocolMapper", UNSET),
        consent_required=rep.get("consentRequired", UNSET),
        config=rep.get("config", UNSET),
        mapper_id=mapper_id if isinstance(mapper_id, str) and mapper_id else None,
    )


def to_mapper_representation(mapper: ProtocolMapper) -> dict[str, Any]:
    return {
        "id": mapper.id,
        "name": mapper.name,
        "protocol": mapper.protocol,
        "protocolMapper": mapper.protocol_mapper,
        "consentRequired": mapper.consent_required,
        "config": dict(mapper.config),
    }


def _owner(call: Call) -> tuple[OwnerKind, str]:
    if "client_uuid" in call.params:
        return "client", call.params["client_uuid"]
    return "scope", call.params["scope_id"]


async def list_mappers(call: Call) -> Response:
    kind, owner_id = _owner(call)
    found = await mappers.list_mappers(call.actor, call.params["realm"], kind, owner_id)
    return ok([to_mapper_representation(m) for m in found])


async def list_by_protocol(call: Call) -> Response:
    kind, owner_id = _owner(call)
    found = await mappers.list_mappers(
        call.actor, call.params["realm"], kind, owner_id, call.params["protocol"]
    )
    return ok([to_mapper_representation(m) for m in found])


async def create_mapper(call: Call) -> Response:
    kind, owner_id = _owner(call)
    fields = mapper_fields_from(await call.json_object())
    made = await mappers.create_mappers(call.actor, call.params["realm"], kind, owner_id, [fields])
    return created(str(call.request.url.replace(query="")), made[0].id)


async def add_mappers(call: Call) -> Response:
    kind, owner_id = _owner(call)
    body = await call.json()
    if not isinstance(body, list):
        raise InvalidInput("Request body must be a JSON array of protocol mappers")
    await mappers.create_mappers(
        call.actor, call.params["realm"], kind, owner_id, [mapper_fields_from(m) for m in body]
    )
    return no_content()


async def get_mapper(call: Call) -> Response:
    kind, owner_id = _owner(call)
    found = await mappers.get_mapper(
        call.actor, call.params["realm"], kind, owner_id, call.params["mapper_id"]
    )
    return ok(to_mapper_representation(found))


async def update_mapper(call: Call) -> Response:
    kind, owner_id = _owner(call)
    fields = mapper_fields_from(await call.json_object())
    await mappers.update_mapper(
        call.actor, call.params["realm"], kind, owner_id, call.params["mapper_id"], fields
    )
    return no_content()


async def delete_mapper(call: Call) -> Response:
    kind, owner_id = _owner(call)
    await mappers.delete_mapper(call.actor, call.params["realm"], kind, owner_id, call.params["mapper_id"])
    return no_content()
