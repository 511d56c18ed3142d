"""Keto v0.5 handlers: parse the request, call ``resolvers.acp``, map the answer."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from core import inputs
from core.errors import InvalidInput
from resolvers import acp
from rest_compat.keto.mappers import to_authorization_result, to_policy, to_role
from rest_compat.routing import Call

KETO_VERSION = "v0.5.2"
_ALLOWED_INPUT = ("subject", "resource", "action", "context")


def _page(call: Call) -> tuple[int, int]:
    """Keto's pagination (ory/x ``pagination.Parse``): limit 100 by default and at most 500; malformed
    values fall back to the defaults, negative ones to zero."""

    def number(name: str, default: int) -> int:
        raw = call.query.get(name)
        if raw is None or raw == "":
            return default
        try:
            return inputs.parse_int(raw, name)  # Go's strconv.Atoi: ASCII digits within 64 bits
        except InvalidInput:
            return default

    limit = min(max(number("limit", acp.DEFAULT_LIMIT), 0), acp.MAX_LIMIT)
    return limit, max(number("offset", 0), 0)


def _optional(call: Call, name: str) -> str | None:
    value = call.query.get(name)
    return value if value else None


async def version(call: Call) -> Response:
    return JSONResponse({"version": KETO_VERSION})


async def allowed(call: Call) -> Response:
    body = await call.json_object()
    unknown = sorted(set(body) - set(_ALLOWED_INPUT))
    if unknown:
        raise InvalidInput(f"unknown field {unknown[0]!r} in the request", field=unknown[0])
    values: dict[str, Any] = {}
    for name in ("subject", "resource", "action"):
        value = body.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise InvalidInput(f"{name} must be a string", field=name)
        values[name] = value
    context = body.get("context")
    if context is None:
        context = {}
    if not isinstance(context, dict):
        raise InvalidInput("context must be an object", field="context")
    decision = await acp.allowed(call.actor, call.params["flavor"], values["subject"], values["resource"],
                                 values["action"], context)
    return JSONResponse(to_authorization_result(decision), status_code=200 if decision.allowed else 403)


async def list_policies(call: Call) -> Response:
    limit, offset = _page(call)
    policies, _ = await acp.list_policies(
        call.actor, call.params["flavor"], subject=_optional(call, "subject"),
        resource=_optional(call, "resource"), action=_optional(call, "action"), limit=limit, offset=offset,
    )
    return JSONResponse([to_policy(p) for p in policies])


async def upsert_policy(call: Call) -> Response:
    policy = await acp.upsert_policy(call.actor, call.params["flavor"], await call.json_object())
    return JSONResponse(to_policy(policy))


async def get_policy(call: Call) -> Response:
    return JSONResponse(to_policy(await acp.get_policy(call.actor, call.params["flavor"], call.params["id"])))


async def delete_policy(call: Call) -> Response:
    await acp.delete_policy(call.actor, call.params["flavor"], call.params["id"])
    return Response(status_code=204)


async def list_roles(call: Call) -> Response:
    limit, offset = _page(call)
    roles = await acp.list_roles(call.actor, call.params["flavor"], member=_optional(call, "member"),
                                 limit=limit, offset=offset)
    return JSONResponse([to_role(r) for r in roles])


async def upsert_role(call: Call) -> Response:
    role = await acp.upsert_role(call.actor, call.params["flavor"], await call.json_object())
    return JSONResponse(to_role(role))


async def get_role(call: Call) -> Response:
    return JSONResponse(to_role(await acp.get_role(call.actor, call.params["flavor"], call.params["id"])))


async def delete_role(call: Call) -> Response:
    await acp.delete_role(call.actor, call.params["flavor"], call.params["id"])
    return Response(status_code=204)


async def add_role_members(call: Call) -> Response:
    body = await call.json_object()
    role = await acp.role_members_add(call.actor, call.params["flavor"], call.params["id"],
                                      body.get("members"))
    return JSONResponse(to_role(role))


async def remove_role_member(call: Call) -> Response:
    role = await acp.role_member_remove(call.actor, call.params["flavor"], call.params["id"],
                                        call.params["member"])
    return JSONResponse(to_role(role))
