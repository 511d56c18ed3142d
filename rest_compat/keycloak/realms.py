"""Handlers for ``/admin/realms`` and ``/admin/realms/{realm}``."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from resolvers.realms import crud as realms
from resolvers.realms.crud import RealmFields
from resolvers.realms.defaults import BOOL_SETTINGS, INT_SETTINGS, NOT_SETTINGS
from rest_compat.keycloak import jackson
from rest_compat.keycloak.mappers import to_realm_list_representation, to_realm_representation
from rest_compat.keycloak.realm_import import realm_contents_from
from rest_compat.keycloak.responses import created, no_content, ok
from rest_compat.routing import Call


def _setting(key: str, value: Any) -> Any:
    """A setting read as Jackson reads the RealmRepresentation field of that name."""
    if key in BOOL_SETTINGS:
        return jackson.boolean(value, key)
    if key in INT_SETTINGS:
        return jackson.integer(value, key)
    if key == "smtpServer":
        return jackson.text_map(value, key)
    return value


def realm_fields_from(rep: dict[str, Any]) -> RealmFields:
    """A RealmRepresentation's own fields; everything that is not a row of its own (users, clients, roles,
    ...) nor an identity field is a setting, by its Keycloak name."""
    return RealmFields(
        name=rep.get("realm"),
        realm_id=rep.get("id"),
        enabled=jackson.boolean(rep.get("enabled"), "enabled"),
        settings={k: _setting(k, v) for k, v in rep.items() if k not in NOT_SETTINGS},
    )


async def list_realms(call: Call) -> Response:
    brief = bool(call.query_bool("briefRepresentation"))
    found = await realms.list_realms(call.actor)
    return ok([to_realm_list_representation(r, brief=brief) for r in found])


async def create_realm(call: Call) -> Response:
    rep = await call.json_object()
    realm = await realms.create_realm(
        call.actor, realm_fields_from(rep), realm_contents_from(rep), representation=rep
    )
    return created(str(call.request.url.replace(query="")), realm.name)


async def get_realm(call: Call) -> Response:
    return ok(to_realm_representation(await realms.get_realm(call.actor, call.params["realm"])))


async def update_realm(call: Call) -> Response:
    rep = await call.json_object()
    await realms.update_realm(call.actor, call.params["realm"], realm_fields_from(rep), representation=rep)
    return no_content()


async def delete_realm(call: Call) -> Response:
    await realms.delete_realm(call.actor, call.params["realm"])
    return no_content()
