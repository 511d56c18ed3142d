"""Handlers for action e-mails and impersonation."""

from __future__ import annotations

from starlette.responses import Response

from resolvers.users import actions as user_actions
from rest_compat.keycloak.mappers_users import to_impersonation_result
from rest_compat.keycloak.responses import no_content, ok
from rest_compat.routing import Call


def _lifespan(call: Call) -> int | None:
    return call.query_int("lifespan", 0, minimum=1) if call.query.get("lifespan") else None


async def execute_actions_email(call: Call) -> Response:
    actions = await call.json()
    await user_actions.execute_actions_email(
        call.actor,
        call.params["realm"],
        call.params["user_id"],
        actions,
        call.base_url,
        lifespan=_lifespan(call),
        client_id=call.query.get("client_id"),
        redirect_uri=call.query.get("redirect_uri"),
    )
    return no_content()


async def reset_password_email(call: Call) -> Response:
    await user_actions.reset_password_email(
        call.actor,
        call.params["realm"],
        call.params["user_id"],
        call.base_url,
        client_id=call.query.get("client_id"),
        redirect_uri=call.query.get("redirect_uri"),
    )
    return no_content()


async def send_verify_email(call: Call) -> Response:
    await user_actions.send_verify_email(
        call.actor,
        call.params["realm"],
        call.params["user_id"],
        call.base_url,
        lifespan=_lifespan(call),
        client_id=call.query.get("client_id"),
        redirect_uri=call.query.get("redirect_uri"),
    )
    return no_content()


async def impersonate(call: Call) -> Response:
    result = await user_actions.impersonate(
        call.actor, call.params["realm"], call.params["user_id"], call.base_url, call.ip
    )
    return ok(to_impersonation_result(result))
