"""Handlers for ``/client-policies``: the realm's client profiles and policies."""

from __future__ import annotations

from starlette.responses import Response

from resolvers.client_policies import documents
from rest_compat.keycloak.responses import no_content, ok
from rest_compat.routing import Call


async def get_profiles(call: Call) -> Response:
    include = call.query_bool("include-global-profiles") is True
    return ok(await documents.get_profiles(call.actor, call.params["realm"], include))


async def set_profiles(call: Call) -> Response:
    await documents.set_profiles(call.actor, call.params["realm"], await call.json())
    return no_content()


async def get_policies(call: Call) -> Response:
    include = call.query_bool("include-global-policies") is True
    return ok(await documents.get_policies(call.actor, call.params["realm"], include))


async def set_policies(call: Call) -> Response:
    await documents.set_policies(call.actor, call.params["realm"], await call.json())
    return no_content()
