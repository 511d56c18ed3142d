"""Handlers for ``/clients/{id}/evaluate-scopes/...``: what the token endpoint would issue."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from resolvers.client_scopes import evaluate
from resolvers.client_scopes.evaluate import EvaluatedMapper, Example
from rest_compat.keycloak.mappers_roles import to_role_representation
from rest_compat.keycloak.responses import ok
from rest_compat.routing import Call


def to_mapper_evaluation(found: EvaluatedMapper) -> dict[str, Any]:
    return {
        "mapperId": found.mapper.id,
        "mapperName": found.mapper.name,
        "containerId": found.container_id,
        "containerName": found.container_name,
        "containerType": found.container_type,
        "protocolMapper": found.mapper.protocol_mapper,
    }


async def protocol_mappers(call: Call) -> Response:
    found = await evaluate.protocol_mappers(
        call.actor, call.params["realm"], call.params["client_uuid"], call.query.get("scope")
    )
    return ok([to_mapper_evaluation(m) for m in found])


async def _roles(call: Call, granted: bool) -> Response:
    found = await evaluate.scope_roles(
        call.actor,
        call.params["realm"],
        call.params["client_uuid"],
        call.params["container_id"],
        call.query.get("scope"),
        granted=granted,
    )
    return ok([to_role_representation(v) for v in found])


async def granted_roles(call: Call) -> Response:
    return await _roles(call, True)


async def not_granted_roles(call: Call) -> Response:
    return await _roles(call, False)


def _example(kind: Example) -> Any:
    async def handler(call: Call) -> Response:
        body = await evaluate.example(
            call.actor,
            call.params["realm"],
            call.params["client_uuid"],
            call.query.get("scope"),
            call.query.get("userId"),
            call.base_url,
            kind,
        )
        return ok(body)

    return handler


example_access_token = _example("access")
example_id_token = _example("id")
example_userinfo = _example("userinfo")
