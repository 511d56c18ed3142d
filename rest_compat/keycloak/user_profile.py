"""Handlers for ``/users/profile``, its metadata, and a user's unmanaged attributes."""

from __future__ import annotations

from starlette.responses import Response

from resolvers.users import profile as user_profile
from rest_compat.keycloak.responses import ok
from rest_compat.routing import Call


async def get_profile(call: Call) -> Response:
    return ok(await user_profile.get_profile(call.actor, call.params["realm"]))


async def update_profile(call: Call) -> Response:
    return ok(await user_profile.update_profile(call.actor, call.params["realm"], await call.json()))


async def get_metadata(call: Call) -> Response:
    return ok(await user_profile.get_metadata(call.actor, call.params["realm"]))


async def unmanaged_attributes(call: Call) -> Response:
    return ok(
        await user_profile.unmanaged_attributes(call.actor, call.params["realm"], call.params["user_id"])
    )
