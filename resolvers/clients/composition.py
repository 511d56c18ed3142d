"""What a ClientRepresentation composes a client of besides its own fields: its protocol mappers and its
default and optional client scopes, written and read through the client-scope resolvers."""

from __future__ import annotations

import dataclasses
from typing import Any

from core.errors import InvalidInput
from models import Client, Realm
from resolvers.client_scopes.inputs import MapperFields, Owner
from resolvers.client_scopes.links import (
    link_realm_defaults,
    scope_names_of_clients,
    set_client_scopes,
)
from resolvers.client_scopes.mappers import owned_mappers, replace_mappers
from resolvers.clients.views import ClientView
from resolvers.kit.fields import UNSET


def _names(value: Any, key: str) -> list[str] | None:
    if value is UNSET or value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
        raise InvalidInput(f"{key} must be a list of client scope names", field=key)
    return value


def mapper_list(value: Any) -> list[MapperFields] | None:
    if value is UNSET or value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(m, MapperFields) for m in value):
        raise InvalidInput("protocolMappers must be a list", field="protocolMappers")
    return value


def client_owner(realm: Realm, client: Client) -> Owner:
    return Owner(realm, "client", client.id, client.protocol or "openid-connect", client=client)


async def compose(
    realm: Realm,
    client: Client,
    protocol_mappers: Any,
    default_scopes: Any,
    optional_scopes: Any,
    *,
    creating: bool,
) -> None:
    """Write the client's mappers and scopes where the representation gives them. A created client given
    neither scope list gets the realm's defaults; given one, only what it names (as Keycloak's
    ``createClient`` does). On update a list not given keeps that kind of scope as it is."""
    mappers = mapper_list(protocol_mappers)
    if mappers is not None:
        await replace_mappers(client_owner(realm, client), mappers)
    defaults = _names(default_scopes, "defaultClientScopes")
    optionals = _names(optional_scopes, "optionalClientScopes")
    if defaults is None and optionals is None:
        if creating:
            await link_realm_defaults(client)
        return
    if not creating and (defaults is None or optionals is None):
        current = (await scope_names_of_clients([client.id]))[client.id]
        defaults = current[0] if defaults is None else defaults
        optionals = current[1] if optionals is None else optionals
    await set_client_scopes(client, defaults, optionals)


async def composed(views: list[ClientView]) -> list[ClientView]:
    """Full views with the clients' mappers and scope names, in two queries."""
    ids = [v.client.id for v in views if v.full]
    mappers = await owned_mappers(ids)
    scopes = await scope_names_of_clients(ids)
    return [
        dataclasses.replace(
            v,
            mappers=tuple(mappers[v.client.id]),
            default_scopes=tuple(scopes[v.client.id][0]),
            optional_scopes=tuple(scopes[v.client.id][1]),
        )
        if v.full
        else v
        for v in views
    ]
