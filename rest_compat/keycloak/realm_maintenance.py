"""Handlers for server info, the cache clearing actions, the SMTP test, the users' management
permissions and the credential registrators."""

from __future__ import annotations

from starlette.responses import Response

from resolvers.realm_maintenance import caches, smtp_test
from resolvers.server_info import info, registrators
from resolvers.users import permissions
from rest_compat.keycloak.responses import no_content, ok
from rest_compat.routing import Call


async def server_info(call: Call) -> Response:
    return ok(info.server_info(call.actor))


async def clear_realm_cache(call: Call) -> Response:
    await caches.clear(call.actor, call.params["realm"], "realm")
    return no_content()


async def clear_user_cache(call: Call) -> Response:
    await caches.clear(call.actor, call.params["realm"], "user")
    return no_content()


async def clear_keys_cache(call: Call) -> Response:
    await caches.clear(call.actor, call.params["realm"], "keys")
    return no_content()


async def test_smtp(call: Call) -> Response:
    await smtp_test.test_connection(call.actor, call.params["realm"], await call.json())
    return no_content()


async def get_users_permissions(call: Call) -> Response:
    return ok(await permissions.get(call.actor, call.params["realm"]))


async def set_users_permissions(call: Call) -> Response:
    body = await call.json_object()
    return ok(await permissions.set_enabled(call.actor, call.params["realm"], body.get("enabled")))


async def credential_registrators(call: Call) -> Response:
    return ok(await registrators.credential_registrators(call.actor, call.params["realm"]))
