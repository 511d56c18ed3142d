"""Hydra 1.x's JSON Web Key handlers (``/keys/{set}`` and ``/keys/{set}/{kid}``) over the realm's key sets."""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

from core.runtime import settings
from resolvers.keys import sets
from rest_compat.hydra.mappers import to_json_web_key_set
from rest_compat.routing import Call


async def create_key(call: Call) -> Response:
    body = await call.json_object()
    view = await sets.generate_key(
        call.actor,
        settings().hydra_realm,
        call.params["set"],
        body.get("alg"),
        body.get("kid"),
        body.get("use"),
    )
    location = f"{call.base_url}/keys/{call.params['set']}"
    return JSONResponse(to_json_web_key_set([view]), status_code=201, headers={"Location": location})


async def get_key_set(call: Call) -> Response:
    views = await sets.get_key_set(call.actor, settings().hydra_realm, call.params["set"])
    return JSONResponse(to_json_web_key_set(views))


async def get_key(call: Call) -> Response:
    view = await sets.get_key(call.actor, settings().hydra_realm, call.params["set"], call.params["kid"])
    return JSONResponse(to_json_web_key_set([view]))


async def put_key_set(call: Call) -> Response:
    body = await call.json_object()
    views = await sets.put_key_set(call.actor, settings().hydra_realm, call.params["set"], body.get("keys"))
    return JSONResponse(to_json_web_key_set(views))


async def put_key(call: Call) -> Response:
    body = await call.json_object()
    realm = settings().hydra_realm
    view = await sets.put_key(call.actor, realm, call.params["set"], call.params["kid"], body)
    return JSONResponse(view.jwk)


async def delete_key_set(call: Call) -> Response:
    await sets.delete_keys(call.actor, settings().hydra_realm, call.params["set"])
    return Response(status_code=204)


async def delete_key(call: Call) -> Response:
    await sets.delete_keys(call.actor, settings().hydra_realm, call.params["set"], call.params["kid"])
    return Response(status_code=204)
