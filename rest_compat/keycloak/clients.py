"""Handlers for ``/admin/realms/{realm}/clients`` (the core fields)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from resolvers.clients import crud as clients
from resolvers.clients.crud import ClientFields
from resolvers.kit.fields import UNSET
from rest_compat.keycloak import jackson
from rest_compat.keycloak.mappers import to_client_representation
from rest_compat.keycloak.responses import created, no_content, ok
from rest_compat.routing import Call

_FIELDS = {
    "clientId": "client_id",
    "name": "name",
    "description": "description",
    "enabled": "enabled",
    "protocol": "protocol",
    "publicClient": "public_client",
    "bearerOnly": "bearer_only",
    "secret": "secret",
    "standardFlowEnabled": "standard_flow_enabled",
    "implicitFlowEnabled": "implicit_flow_enabled",
    "directAccessGrantsEnabled": "direct_access_grants_enabled",
    "serviceAccountsEnabled": "service_accounts_enabled",
    "rootUrl": "root_url",
    "baseUrl": "base_url",
    "redirectUris": "redirect_uris",
    "webOrigins": "web_origins",
    "attributes": "attributes",
}


# ClientRepresentation's Boolean and Integer fields, read as Keycloak's Jackson mapper reads them (so that
# a "false" string is false, never a truthy string kept as given).
_BOOLEANS = (
    "surrogateAuthRequired",
    "enabled",
    "alwaysDisplayInConsole",
    "bearerOnly",
    "consentRequired",
    "standardFlowEnabled",
    "implicitFlowEnabled",
    "directAccessGrantsEnabled",
    "serviceAccountsEnabled",
    "authorizationServicesEnabled",
    "directGrantsOnly",
    "publicClient",
    "frontchannelLogout",
    "fullScopeAllowed",
)
_INTEGERS = ("notBefore", "nodeReRegistrationTimeout")


def client_fields_from(rep: dict[str, Any], where: str = "") -> ClientFields:
    rep = jackson.integers(jackson.booleans(rep, _BOOLEANS, where), _INTEGERS, where)
    fields = ClientFields(**{attr: rep.get(key, UNSET) for key, attr in _FIELDS.items()})
    fields.extra = {k: v for k, v in rep.items() if k not in _FIELDS and k != "id"}
    return fields


async def list_clients(call: Call) -> Response:
    found = await clients.list_clients(
        call.actor,
        call.params["realm"],
        call.query.get("clientId"),
        bool(call.query_bool("search")),
        call.query_int("first", 0),
        call.query_int("max", 100),
    )
    return ok([to_client_representation(c) for c in found])


async def create_client(call: Call) -> Response:
    rep = await call.json_object()
    client_uuid = rep.get("id") if isinstance(rep.get("id"), str) else None
    client = await clients.create_client(
        call.actor, call.params["realm"], client_fields_from(rep), client_uuid=client_uuid, representation=rep
    )
    return created(str(call.request.url.replace(query="")), client.id)


async def get_client(call: Call) -> Response:
    return ok(
        to_client_representation(
            await clients.get_client(call.actor, call.params["realm"], call.params["client_uuid"])
        )
    )


async def update_client(call: Call) -> Response:
    rep = await call.json_object()
    await clients.update_client(
        call.actor,
        call.params["realm"],
        call.params["client_uuid"],
        client_fields_from(rep),
        representation=rep,
    )
    return no_content()


async def delete_client(call: Call) -> Response:
    await clients.delete_client(call.actor, call.params["realm"], call.params["client_uuid"])
    return no_content()
