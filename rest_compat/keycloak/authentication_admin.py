"""Handlers for ``/authentication/config``, the required actions and the provider catalog."""

from __future__ import annotations

from starlette.responses import Response

from resolvers.authentication import configs, required_actions
from resolvers.authentication.providers import Kind
from rest_compat.keycloak import jackson
from rest_compat.keycloak.authentication_reps import (
    action_fields_from,
    config_fields_from,
    to_config_description,
    to_config_representation,
    to_provider,
    to_required_action,
)
from rest_compat.keycloak.responses import created, no_content, ok
from rest_compat.routing import Call, Handler


async def get_config(call: Call) -> Response:
    found = await configs.get_config(call.actor, call.params["realm"], call.params["config_id"])
    return ok(to_config_representation(found))


async def create_config(call: Call) -> Response:
    made = await configs.create_config(
        call.actor, call.params["realm"], config_fields_from(await call.json_object())
    )
    return created(str(call.request.url.replace(query="")), made.id)


async def update_config(call: Call) -> Response:
    fields = config_fields_from(await call.json_object())
    await configs.update_config(call.actor, call.params["realm"], call.params["config_id"], fields)
    return no_content()


async def delete_config(call: Call) -> Response:
    await configs.delete_config(call.actor, call.params["realm"], call.params["config_id"])
    return no_content()


def providers_of(kind: Kind) -> Handler:
    async def handler(call: Call) -> Response:
        return ok(
            [to_provider(p) for p in await configs.list_providers(call.actor, call.params["realm"], kind)]
        )

    return handler


async def config_description(call: Call) -> Response:
    found = await configs.config_description(call.actor, call.params["realm"], call.params["provider_id"])
    return ok(to_config_description(found))


async def per_client_config_description(call: Call) -> Response:
    found = await configs.per_client_config_description(call.actor, call.params["realm"])
    return ok({p.id: [] for p in found})


async def list_actions(call: Call) -> Response:
    return ok(
        [to_required_action(a) for a in await required_actions.list_actions(call.actor, call.params["realm"])]
    )


async def get_action(call: Call) -> Response:
    found = await required_actions.get_action(call.actor, call.params["realm"], call.params["alias"])
    return ok(to_required_action(found))


async def update_action(call: Call) -> Response:
    fields = action_fields_from(await call.json_object())
    await required_actions.update_action(call.actor, call.params["realm"], call.params["alias"], fields)
    return no_content()


async def delete_action(call: Call) -> Response:
    await required_actions.delete_action(call.actor, call.params["realm"], call.params["alias"])
    return no_content()


async def raise_action(call: Call) -> Response:
    await required_actions.move_action(call.actor, call.params["realm"], call.params["alias"], up=True)
    return no_content()


async def lower_action(call: Call) -> Response:
    await required_actions.move_action(call.actor, call.params["realm"], call.params["alias"], up=False)
    return no_content()


async def unregistered_actions(call: Call) -> Response:
    found = await required_actions.unregistered_actions(call.actor, call.params["realm"])
    return ok([{"name": name, "providerId": pid} for pid, name in found])


async def register_action(call: Call) -> Response:
    rep = await call.json_object()
    await required_actions.register_action(
        call.actor,
        call.params["realm"],
        jackson.text(rep.get("providerId"), "providerId"),
        jackson.text(rep.get("name"), "name"),
    )
    return no_content()
