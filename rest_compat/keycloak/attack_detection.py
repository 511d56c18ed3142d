"""Handlers for ``/attack-detection/brute-force/users``."""

from __future__ import annotations

from starlette.responses import Response

from resolvers.users import brute_force
from rest_compat.keycloak.mappers_users import to_brute_force_status
from rest_compat.keycloak.responses import no_content, ok
from rest_compat.routing import Call


async def user_status(call: Call) -> Response:
    found = await brute_force.status(call.actor, call.params["realm"], call.params["user_id"])
    return ok(to_brute_force_status(found))


async def clear_user(call: Call) -> Response:
    await brute_force.clear_user(call.actor, call.params["realm"], call.params["user_id"])
    return no_content()


async def clear_all(call: Call) -> Response:
    await brute_force.clear_all(call.actor, call.params["realm"])
    return no_content()
