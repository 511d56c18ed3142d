"""Handlers of ``/builtins``: parse the request, call ``resolvers.lowball``, map the answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from core import inputs
from core.errors import DomainError, InvalidInput
from resolvers import lowball
from resolvers.actor import Actor
from resolvers.users import UNSET
from rest_compat.lowball.mappers import to_client_data, to_issued, to_token_data
from rest_compat.routing import Call, client_ip


async def authenticate(request: Request) -> Actor | None:
    """The route table's authenticator: a lowball token, checked as lowball checks it."""
    return await lowball.authenticate(request.headers.get("authorization"), client_ip(request))


async def _body(call: Call, error: Callable[[], DomainError]) -> dict[str, Any]:
    """The JSON object body; anything else is the dialect's 'did not supply the required data'."""
    raw = await call.request.body()
    try:
        body = inputs.parse_json(raw) if raw.strip() else None
    except InvalidInput as exc:
        raise error() from exc
    if not isinstance(body, dict):
        raise error()
    return body


async def _optional_body(call: Call) -> dict[str, Any]:
    raw = await call.request.body()
    if not raw.strip():
        return {}
    return await _body(call, lowball.MalformedProviderPackage)


def _filter(call: Call, with_clients: bool = False) -> lowball.TokenFilter:
    return lowball.TokenFilter(
        roles=call.query.getlist("roles"),
        client_ids=call.query.getlist("client_ids") if with_clients else (),
        exclude_expired=(call.query.get("exclude_expired") or "").lower() in ("yes", "true", "1"),
    )


def _no_content() -> Response:
    return Response(status_code=204)


# --- status and login ----------------------------------------------------------------------------------


async def status(call: Call) -> Response:
    return JSONResponse(await lowball.status())


async def login(call: Call) -> Response:
    body = await _body(call, lowball.MalformedAuthPackage)
    return JSONResponse(to_issued(await lowball.login(body)))


async def whoami(call: Call) -> Response:
    return JSONResponse(lowball.whoami(call.actor))


async def logout(call: Call) -> Response:
    await lowball.logout(call.actor)
    return _no_content()


# --- tokens ---------------------------------------------------------------------------------------------


async def list_own_tokens(call: Call) -> Response:
    found = await lowball.list_tokens(call.actor, None, _filter(call))
    return JSONResponse([to_token_data(t) for t in found])


async def create_token(call: Call) -> Response:
    body = await _optional_body(call)
    client_id = body.get("client_id")
    if client_id is not None and not isinstance(client_id, str):
        raise lowball.MalformedProviderPackage("client_id must be a string")
    issued = await lowball.create_token(call.actor, client_id, body.get("roles"), body.get("token_life"))
    return JSONResponse(to_issued(issued), status_code=201)


async def revoke_own_tokens(call: Call) -> Response:
    await lowball.revoke_tokens(call.actor, None)
    return _no_content()


async def list_all_tokens(call: Call) -> Response:
    found = await lowball.list_tokens(call.actor, "*", _filter(call, with_clients=True))
    return JSONResponse([to_token_data(t) for t in found])


async def revoke_all_tokens(call: Call) -> Response:
    await lowball.revoke_tokens(call.actor, "*", _filter(call, with_clients=True))
    return _no_content()


async def cleanup_tokens(call: Call) -> Response:
    await lowball.cleanup_tokens(call.actor)
    return _no_content()


async def get_token(call: Call) -> Response:
    return JSONResponse(to_token_data(await lowball.get_token(call.actor, call.params["token_id"])))


async def revoke_token(call: Call) -> Response:
    await lowball.revoke_token(call.actor, call.params["token_id"])
    return _no_content()


# --- clients --------------------------------------------------------------------------------------------


async def get_own_client(call: Call) -> Response:
    username = call.actor.username if call.actor else None
    return JSONResponse(to_client_data(await lowball.get_client(call.actor, username or "")))


async def update_own_client(call: Call) -> Response:
    body = await _body(call, lowball.MalformedProviderPackage)
    if set(body) - {"client_secret"}:
        raise lowball.MalformedProviderPackage("only client_secret may be changed")
    return JSONResponse(
        to_client_data(await lowball.update_own_secret(call.actor, body.get("client_secret")))
    )


async def create_client(call: Call) -> Response:
    body = await _body(call, lowball.MalformedProviderPackage)
    client = await lowball.create_client(
        call.actor, body.get("client_id"), body.get("client_secret"), body.get("roles")
    )
    return JSONResponse(to_client_data(client), status_code=201)


async def register_client(call: Call) -> Response:
    body = await _body(call, lowball.MalformedProviderPackage)
    if "roles" in body:
        raise lowball.MalformedProviderPackage("a registering client cannot choose its roles")
    client = await lowball.register_client(body.get("client_id"), body.get("client_secret"), call.ip)
    return JSONResponse(to_client_data(client), status_code=201)


async def list_clients(call: Call) -> Response:
    found = await lowball.list_clients(call.actor, call.query.getlist("roles"))
    return JSONResponse([to_client_data(c) for c in found])


async def get_client(call: Call) -> Response:
    lowball.require_admin(call.actor)
    return JSONResponse(to_client_data(await lowball.get_client(call.actor, call.params["client_id"])))


async def update_client(call: Call) -> Response:
    body = await _body(call, lowball.MalformedProviderPackage)
    if set(body) - {"client_secret", "roles"}:
        raise lowball.MalformedProviderPackage("only client_secret and roles may be changed")
    client = await lowball.update_client(
        call.actor, call.params["client_id"], body.get("client_secret", UNSET), body.get("roles", UNSET)
    )
    return JSONResponse(to_client_data(client))


async def delete_client(call: Call) -> Response:
    await lowball.delete_client(call.actor, call.params["client_id"])
    return _no_content()


async def remove_all_roles(call: Call) -> Response:
    await lowball.remove_roles(call.actor, call.params["client_id"])
    return _no_content()


async def add_role(call: Call) -> Response:
    await lowball.add_role(call.actor, call.params["client_id"], call.params["role"])
    return _no_content()


async def remove_role(call: Call) -> Response:
    await lowball.remove_roles(call.actor, call.params["client_id"], call.params["role"])
    return _no_content()


async def enable_client(call: Call) -> Response:
    await lowball.set_enabled(call.actor, call.params["client_id"], True)
    return _no_content()


async def disable_client(call: Call) -> Response:
    await lowball.set_enabled(call.actor, call.params["client_id"], False)
    return _no_content()
