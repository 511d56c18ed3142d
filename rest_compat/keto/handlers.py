"""Keto v0.5 handlers: translate the request, call one ``resolvers.acp`` resolver, map the answer."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from core.errors import InvalidInput
from core.inputs import parse_int
from resolvers.acp import decisions, policies, roles
from resolvers.acp.store import DEFAULT_LIMIT, MAX_LIMIT
from rest_compat.keto import inputs
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
            return parse_int(raw, name)  # Go's strconv.Atoi: ASCII digits within 64 bits
        except InvalidInput:
            return default

    limit = min(max(number("limit", DEFAULT_LIMIT), 0), MAX_LIMIT)
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
    decision = await decisions.allowed(
        call.actor, call.params["flavor"], values["subject"], values["resource"], values["action"], context
    )
    return JSONResponse(to_authorization_result(decision), status_code=200 if decision.allowed else 403)


async def list_policies(call: Call) -> Response:
    limit, offset = _page(call)
    found, _ = await policies.list_policies(
        call.actor,
        call.params["flavor"],
        subject=_optional(call, "subject"),
        resource=_optional(call, "resource"),
        action=_optional(call, "action"),
        limit=limit,
        offset=offset,
    )
    return JSONResponse([to_policy(p) for p in found])


async def upsert_policy(call: Call) -> Response:
    policy_input = inputs.policy_input(await call.json_object())
    policy = await policies.upsert_policy(call.actor, call.params["flavor"], policy_input)
    return JSONResponse(to_policy(policy))


async def get_policy(call: Call) -> Response:
    return JSONResponse(
        to_policy(await policies.get_policy(call.actor, call.params["flavor"], call.params["id"]))
    )


async def delete_policy(call: Call) -> Response:
    await policies.delete_policy(call.actor, call.params["flavor"], call.params["id"])
    return Response(status_code=204)


async def list_roles(call: Call) -> Response:
    limit, offset = _page(call)
    found = await roles.list_roles(
        call.actor, call.params["flavor"], member=_optional(call, "member"), limit=limit, offset=offset
    )
    return JSONResponse([to_role(r) for r in found])


async def upsert_role(call: Call) -> Response:
    role_input = inputs.role_input(await call.json_object())
    role = await roles.upsert_role(call.actor, call.params["flavor"], role_input)
    return JSONResponse(to_role(role))


async def get_role(call: Call) -> Response:
    return JSONResponse(to_role(await roles.get_role(call.actor, call.params["flavor"], call.params["id"])))


async def delete_role(call: Call) -> Response:
    await roles.delete_role(call.actor, call.params["flavor"], call.params["id"])
    return Response(status_code=204)


async def add_role_members(call: Call) -> Response:
    members = inputs.members((await call.json_object()).get("members"))
    role = await roles.role_members_add(call.actor, call.params["flavor"], call.params["id"], members)
    return JSONResponse(to_role(role))


async def remove_role_member(call: Call) -> Response:
    role = await roles.role_member_remove(
        call.actor, call.params["flavor"], call.params["id"], call.params["member"]
    )
    return JSONResponse(to_role(role))
