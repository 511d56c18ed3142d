"""Handlers for ``/authentication/flows`` and ``/authentication/executions``."""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

from resolvers.authentication import executions, flows
from rest_compat.keycloak import jackson
from rest_compat.keycloak.authentication_reps import (
    config_fields_from,
    execution_change_from,
    execution_fields_from,
    flow_fields_from,
    to_execution_info,
    to_execution_representation,
    to_flow_representation,
)
from rest_compat.keycloak.responses import created, no_content, ok
from rest_compat.routing import Call


def authentication_url(call: Call) -> str:
    """The URL of the realm's ``/authentication`` resource, which the Location headers start from."""
    url = str(call.request.url.replace(query=""))
    return url[: url.index("/authentication") + len("/authentication")]


def _url(call: Call) -> str:
    return str(call.request.url.replace(query=""))


async def list_flows(call: Call) -> Response:
    return ok([to_flow_representation(v) for v in await flows.list_flows(call.actor, call.params["realm"])])


async def create_flow(call: Call) -> Response:
    fields = flow_fields_from(await call.json_object())
    made = await flows.create_flow(call.actor, call.params["realm"], fields)
    return created(_url(call), made.flow.id)


async def get_flow(call: Call) -> Response:
    return ok(
        to_flow_representation(await flows.get_flow(call.actor, call.params["realm"], call.params["flow_id"]))
    )


async def update_flow(call: Call) -> Response:
    """202 with the representation as given, its id set (Keycloak's ``Response.accepted(flow)``)."""
    rep = await call.json_object()
    await flows.update_flow(call.actor, call.params["realm"], call.params["flow_id"], flow_fields_from(rep))
    return JSONResponse({**rep, "id": call.params["flow_id"]}, status_code=202)


async def delete_flow(call: Call) -> Response:
    await flows.delete_flow(call.actor, call.params["realm"], call.params["flow_id"])
    return no_content()


async def copy_flow(call: Call) -> Response:
    rep = await call.json_object()
    new_name = jackson.text(rep.get("newName"), "newName")
    await flows.copy_flow(call.actor, call.params["realm"], call.params["flow_alias"], new_name)
    return Response(status_code=201)


async def list_executions(call: Call) -> Response:
    found = await executions.list_executions(call.actor, call.params["realm"], call.params["flow_alias"])
    return ok([to_execution_info(i) for i in found])


async def update_executions(call: Call) -> Response:
    """202 with the parent flow (Keycloak answers ``Response.accepted(flow)`` with the flow model)."""
    change = execution_change_from(await call.json_object())
    view = await executions.update_execution(
        call.actor, call.params["realm"], call.params["flow_alias"], change
    )
    flow = to_flow_representation(view)
    flow.pop("authenticationExecutions", None)
    return JSONResponse(flow, status_code=202)


async def add_execution(call: Call) -> Response:
    rep = await call.json_object()
    provider = jackson.text(rep.get("provider"), "provider")
    made = await executions.add_authenticator(
        call.actor, call.params["realm"], call.params["flow_alias"], provider
    )
    return created(authentication_url(call) + "/executions", made.id)


async def add_subflow(call: Call) -> Response:
    rep = await call.json_object()
    made = await executions.add_subflow(
        call.actor,
        call.params["realm"],
        call.params["flow_alias"],
        jackson.text(rep.get("alias"), "alias"),
        jackson.text(rep.get("type"), "type"),
        jackson.text(rep.get("provider"), "provider"),
        jackson.text(rep.get("description"), "description"),
    )
    return created(authentication_url(call) + "/flows", made.id)


async def create_execution(call: Call) -> Response:
    made = await executions.create_execution(
        call.actor, call.params["realm"], execution_fields_from(await call.json_object())
    )
    return created(_url(call), made.id)


async def get_execution(call: Call) -> Response:
    found = await executions.get_execution(call.actor, call.params["realm"], call.params["execution_id"])
    return ok(to_execution_representation(found))


async def delete_execution(call: Call) -> Response:
    await executions.delete_execution(call.actor, call.params["realm"], call.params["execution_id"])
    return no_content()


async def raise_priority(call: Call) -> Response:
    await executions.move_execution(call.actor, call.params["realm"], call.params["execution_id"], up=True)
    return no_content()


async def lower_priority(call: Call) -> Response:
    await executions.move_execution(call.actor, call.params["realm"], call.params["execution_id"], up=False)
    return no_content()


async def add_execution_config(call: Call) -> Response:
    fields = config_fields_from(await call.json_object())
    made = await executions.add_execution_config(
        call.actor, call.params["realm"], call.params["execution_id"], fields
    )
    return created(_url(call), made.id)
