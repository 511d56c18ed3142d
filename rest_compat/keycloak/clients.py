"""Handlers for ``/admin/realms/{realm}/clients``: the ClientRepresentation."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from core.errors import InvalidInput
from resolvers.clients import crud as clients
from resolvers.clients.crud import ClientFields, ClientQuery
from resolvers.kit.fields import UNSET
from resolvers.users.inputs import attribute_query
from rest_compat.keycloak import jackson
from rest_compat.keycloak.clients_mappers import to_client_representation
from rest_compat.keycloak.protocol_mappers import mapper_fields_from
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
    "notBefore": "not_before",
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
# What the client is composed of beyond its own settings: written through the client-scope resolvers.
_COMPOSED = ("protocolMappers", "defaultClientScopes", "optionalClientScopes")


def client_fields_from(rep: dict[str, Any], where: str = "") -> ClientFields:
    rep = jackson.integers(jackson.booleans(rep, _BOOLEANS, where), _INTEGERS, where)
    fields = ClientFields(**{attr: rep.get(key, UNSET) for key, attr in _FIELDS.items()})
    fields.extra = {k: v for k, v in rep.items() if k not in _FIELDS and k not in _COMPOSED and k != "id"}
    mappers = rep.get("protocolMappers")
    if mappers is not None:
        if not isinstance(mappers, list):
            raise InvalidInput(f"{where}protocolMappers must be a list", field="protocolMappers")
        fields.protocol_mappers = [mapper_fields_from(m) for m in mappers]
    fields.default_client_scopes = rep.get("defaultClientScopes", UNSET)
    fields.optional_client_scopes = rep.get("optionalClientScopes", UNSET)
    return fields


async def list_clients(call: Call) -> Response:
    query = ClientQuery(
        client_id=call.query.get("clientId"),
        search=bool(call.query_bool("search")),
        attributes=attribute_query(call.query.get("q")),
        first=call.query_int("first", 0),
        max=call.query_int("max", 100),
        viewable_only=bool(call.query_bool("viewableOnly")),
    )
    found = await clients.find_clients(call.actor, call.params["realm"], query)
    return ok([to_client_representation(view) for view in found])


async def create_client(call: Call) -> Response:
    rep = await call.json_object()
    client_uuid = rep.get("id") if isinstance(rep.get("id"), str) else None
    client = await clients.create_client(
        call.actor, call.params["realm"], client_fields_from(rep), client_uuid=client_uuid, representation=rep
    )
    return created(str(call.request.url.replace(query="")), client.id)


async def get_client(call: Call) -> Response:
    view = await clients.get_client_view(call.actor, call.params["realm"], call.params["client_uuid"])
    return ok(to_client_representation(view))


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
