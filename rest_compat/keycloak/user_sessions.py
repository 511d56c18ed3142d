"""Handlers for user sessions, realm sessions, logout-all, push-revocation and client session stats."""

from __future__ import annotations

from starlette.responses import Response

from resolvers.users import sessions as user_sessions
from rest_compat.keycloak.mappers_users import (
    to_client_session_stats,
    to_global_request_result,
    to_user_session_representation,
)
from rest_compat.keycloak.responses import no_content, ok
from rest_compat.routing import Call


async def list_sessions(call: Call) -> Response:
    found = await user_sessions.user_sessions(call.actor, call.params["realm"], call.params["user_id"])
    return ok([to_user_session_representation(v) for v in found])


async def list_offline_sessions(call: Call) -> Response:
    found = await user_sessions.offline_sessions(
        call.actor, call.params["realm"], call.params["user_id"], call.params["client_uuid"]
    )
    return ok([to_user_session_representation(v) for v in found])


async def logout_user(call: Call) -> Response:
    await user_sessions.logout_user(call.actor, call.params["realm"], call.params["user_id"])
    return no_content()


async def delete_session(call: Call) -> Response:
    await user_sessions.delete_session(
        call.actor, call.params["realm"], call.params["session_id"], bool(call.query_bool("isOffline"))
    )
    return no_content()


async def logout_all(call: Call) -> Response:
    return ok(to_global_request_result(await user_sessions.logout_all(call.actor, call.params["realm"])))


async def push_revocation(call: Call) -> Response:
    return ok(to_global_request_result(await user_sessions.push_revocation(call.actor, call.params["realm"])))


async def client_session_stats(call: Call) -> Response:
    found = await user_sessions.client_session_stats(call.actor, call.params["realm"])
    return ok([to_client_session_stats(s) for s in found])
