"""Handlers for ``/users/{user_id}/credentials``, ``reset-password`` and credential-type operations."""

from __future__ import annotations

from starlette.responses import Response

from core.errors import InvalidInput
from resolvers.users import credentials as user_credentials
from rest_compat.keycloak.mappers_users import to_credential_representation
from rest_compat.keycloak.responses import no_content, ok
from rest_compat.routing import Call


async def list_credentials(call: Call) -> Response:
    found = await user_credentials.list_credentials(call.actor, call.params["realm"], call.params["user_id"])
    return ok([to_credential_representation(c) for c in found])


async def delete_credential(call: Call) -> Response:
    await user_credentials.delete_credential(
        call.actor, call.params["realm"], call.params["user_id"], call.params["credential_id"]
    )
    return no_content()


async def set_label(call: Call) -> Response:
    label = await call.text()
    await user_credentials.set_label(
        call.actor, call.params["realm"], call.params["user_id"], call.params["credential_id"], label
    )
    return no_content()


async def move_to_first(call: Call) -> Response:
    await user_credentials.move_after(
        call.actor, call.params["realm"], call.params["user_id"], call.params["credential_id"], None
    )
    return no_content()


async def move_after(call: Call) -> Response:
    await user_credentials.move_after(
        call.actor,
        call.params["realm"],
        call.params["user_id"],
        call.params["credential_id"],
        call.params["previous_id"],
    )
    return no_content()


async def reset_password(call: Call) -> Response:
    rep = await call.json_object()
    if rep.get("type", "password") != "password":
        raise InvalidInput("Only password credentials can be reset", field="type")
    await user_credentials.reset_password(
        call.actor,
        call.params["realm"],
        call.params["user_id"],
        rep.get("value"),
        rep.get("temporary", False),
    )
    return no_content()


async def disable_credential_types(call: Call) -> Response:
    await user_credentials.disable_credential_types(
        call.actor, call.params["realm"], call.params["user_id"], await call.json()
    )
    return no_content()


async def storage_credential_types(call: Call) -> Response:
    return ok(
        await user_credentials.storage_credential_types(
            call.actor, call.params["realm"], call.params["user_id"]
        )
    )
