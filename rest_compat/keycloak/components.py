"""Handlers for ``/components`` and ``/keys``, and the pure mappers of ComponentRepresentation and
KeysMetadataRepresentation."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from resolvers.components import crud
from resolvers.components.crud import ComponentFields, ComponentView
from resolvers.components.keys import KeyMetadata, KeysMetadata, keys_metadata
from rest_compat.keycloak.responses import created, no_content, ok
from rest_compat.routing import Call


def to_component(view: ComponentView) -> dict[str, Any]:
    c = view.model
    rep: dict[str, Any] = {"id": c.id, "name": c.name, "providerId": c.provider_id}
    rep |= {"providerType": c.provider_type, "parentId": c.parent_id}
    if c.sub_type is not None:
        rep["subType"] = c.sub_type
    return rep | {"config": view.config}


def component_fields_from(rep: dict[str, Any]) -> ComponentFields:
    return ComponentFields(
        name=rep.get("name"),
        provider_id=rep.get("providerId"),
        provider_type=rep.get("providerType"),
        parent_id=rep.get("parentId"),
        sub_type=rep.get("subType"),
        config=rep.get("config"),
        id=rep.get("id"),
    )


def to_key(key: KeyMetadata) -> dict[str, Any]:
    rep: dict[str, Any] = {"providerId": key.provider_id, "providerPriority": key.provider_priority}
    rep |= {"kid": key.kid, "status": key.status, "type": key.type, "algorithm": key.algorithm}
    extra = {
        "publicKey": key.public_key,
        "certificate": key.certificate,
        "use": key.use,
        "validTo": key.valid_to,
    }
    return rep | {k: v for k, v in extra.items() if v is not None}


def to_keys(found: KeysMetadata) -> dict[str, Any]:
    return {"active": found.active, "keys": [to_key(k) for k in found.keys]}


async def list_components(call: Call) -> Response:
    q = call.query
    found = await crud.list_components(
        call.actor, call.params["realm"], q.get("parent"), q.get("type"), q.get("name")
    )
    return ok([to_component(v) for v in found])


async def create_component(call: Call) -> Response:
    fields = component_fields_from(await call.json_object())
    made = await crud.create_component(call.actor, call.params["realm"], fields)
    return created(str(call.request.url.replace(query="")), made.model.id)


async def get_component(call: Call) -> Response:
    return ok(to_component(await crud.get_component(call.actor, call.params["realm"], call.params["id"])))


async def update_component(call: Call) -> Response:
    fields = component_fields_from(await call.json_object())
    await crud.update_component(call.actor, call.params["realm"], call.params["id"], fields)
    return no_content()


async def delete_component(call: Call) -> Response:
    await crud.delete_component(call.actor, call.params["realm"], call.params["id"])
    return no_content()


async def sub_component_types(call: Call) -> Response:
    return ok(await crud.sub_component_types(call.actor, call.params["realm"], call.params["id"]))


async def get_keys(call: Call) -> Response:
    return ok(to_keys(await keys_metadata(call.actor, call.params["realm"])))
