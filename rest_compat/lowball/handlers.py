"""Handlers of ``/builtins``: read the request, call one resolver, map the answer."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from core.errors import InvalidInput
from core.inputs import parse_json
from resolvers.auth import verify
from resolvers.kit.actor import Actor
from resolvers.lowball import clients, realm, tokens
from rest_compat.lowball import inputs
from rest_compat.lowball.errors import (
    AUTH_PACKAGE,
    BAD_HEADER,
    NO_TOKEN,
    PROVIDER_PACKAGE,
    LowballRefusal,
)
from rest_compat.lowball.mappers import to_client_data, to_issued, to_status, to_token_data
from rest_compat.routing import Call, client_ip

# lowball's own tokens, and the access tokens of the token endpoint (the master admin's among them).
ACCEPTED = (verify.LOWBALL, verify.ACCESS)


async def authenticate(request: Request) -> Actor | None:
    """The route table's authenticator: ``Authorization: Bearer <token>``, read as lowball reads it."""
    header = request.headers.get("authorization")
    if header is None:
        raise LowballRefusal(400, NO_TOKEN)
    parts = header.split(" ")
    if len(parts) < 2 or parts[0] != "Bearer":
        raise LowballRefusal(400, BAD_HEADER)
    return await verify.authenticate(parts[1], accept=ACCEPTED, ip=client_ip(request))


async def _body(call: Call, refusal: str = PROVIDER_PACKAGE) -> dict[str, Any]:
    """The JSON object body; anything else is the dialect's 'did not supply the required data'."""
    raw = await call.request.body()
    try:
        body = parse_json(raw) if raw.strip() else None
    except InvalidInput as exc:
        raise LowballRefusal(400, refusal) from exc
    if not isinstance(body, dict):
        raise LowballRefusal(400, refusal)
    return body


async def _optional_body(call: Call) -> dict[str, Any]:
    raw = await call.request.body()
    return await _body(call) if raw.strip() else {}


def _filter(call: Call, with_clients: bool = False) -> tokens.TokenFilter:
    return tokens.TokenFilter(
        roles=call.query.getlist("roles"),
        client_ids=call.query.getlist("client_ids") if with_clients else (),
        exclude_expired=(call.query.get("exclude_expired") or "").lower() in ("yes", "true", "1"),
    )


def _no_content() -> Response:
    return Response(status_code=204)


# --- status and login ----------------------------------------------------------------------------------


async def status(call: Call) -> Response:
    return JSONResponse(to_status(await realm.provider_present()))


async def login(call: Call) -> Response:
    credentials = inputs.login(await _body(call, AUTH_PACKAGE))
    return JSONResponse(to_issued(await tokens.login(credentials)))


async def whoami(call: Call) -> Response:
    return JSONResponse(to_token_data(tokens.whoami(call.actor)))


async def logout(call: Call) -> Response:
    await tokens.logout(call.actor)
    return _no_content()


# --- tokens ---------------------------------------------------------------------------------------------


async def list_own_tokens(call: Call) -> Response:
    found = await tokens.list_tokens(call.actor, None, _filter(call))
    return JSONResponse([to_token_data(t) for t in found])


async def create_token(call: Call) -> Response:
    request = inputs.token_request(await _optional_body(call))
    return JSONResponse(to_issued(await tokens.create_token(call.actor, request)), status_code=201)


async def revoke_own_tokens(call: Call) -> Response:
    await tokens.revoke_tokens(call.actor)
    return _no_content()


async def list_all_tokens(call: Call) -> Response:
    found = await tokens.list_all_tokens(call.actor, _filter(call, with_clients=True))
    return JSONResponse([to_token_data(t) for t in found])


async def revoke_all_tokens(call: Call) -> Response:
    await tokens.revoke_all_tokens(call.actor, _filter(call, with_clients=True))
    return _no_content()


async def cleanup_tokens(call: Call) -> Response:
    await tokens.cleanup_tokens(call.actor)
    return _no_content()


async def get_token(call: Call) -> Response:
    return JSONResponse(to_token_data(await tokens.get_token(call.actor, call.params["token_id"])))


async def revoke_token(call: Call) -> Response:
    await tokens.revoke_token(call.actor, call.params["token_id"])
    return _no_content()


# --- clients --------------------------------------------------------------------------------------------


async def get_own_client(call: Call) -> Response:
    return JSONResponse(to_client_data(await clients.own_client(call.actor)))


async def update_own_client(call: Call) -> Response:
    secret = inputs.own_secret(await _body(call))
    return JSONResponse(to_client_data(await clients.update_own_secret(call.actor, secret)))


async def create_client(call: Call) -> Response:
    new = inputs.new_client(await _body(call))
    return JSONResponse(to_client_data(await clients.create_client(call.actor, new)), status_code=201)


async def register_client(call: Call) -> Response:
    new = inputs.registration(await _body(call))
    return JSONResponse(to_client_data(await clients.register_client(new, call.ip)), status_code=201)


async def list_clients(call: Call) -> Response:
    found = await clients.list_clients(call.actor, call.query.getlist("roles"))
    return JSONResponse([to_client_data(c) for c in found])


async def get_client(call: Call) -> Response:
    return JSONResponse(to_client_data(await clients.get_client(call.actor, call.params["client_id"])))


async def update_client(call: Call) -> Response:
    change = inputs.client_change(await _body(call))
    return JSONResponse(
        to_client_data(await clients.update_client(call.actor, call.params["client_id"], change))
    )


async def delete_client(call: Call) -> Response:
    await clients.delete_client(call.actor, call.params["client_id"])
    return _no_content()


async def remove_all_roles(call: Call) -> Response:
    await clients.remove_roles(call.actor, call.params["client_id"])
    return _no_content()


async def add_role(call: Call) -> Response:
    await clients.add_role(call.actor, call.params["client_id"], call.params["role"])
    return _no_content()


async def remove_role(call: Call) -> Response:
    await clients.remove_roles(call.actor, call.params["client_id"], call.params["role"])
    return _no_content()


async def enable_client(call: Call) -> Response:
    await clients.set_enabled(call.actor, call.params["client_id"], True)
    return _no_content()


async def disable_client(call: Call) -> Response:
    await clients.set_enabled(call.actor, call.params["client_id"], False)
    return _no_content()
