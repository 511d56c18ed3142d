"""Handlers for ``/admin/realms`` and ``/admin/realms/{realm}``."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from resolvers.realms import crud as realms
from resolvers.realms.crud import RealmFields, RealmView
from resolvers.realms.defaults import NOT_SETTINGS
from rest_compat.keycloak.mappers import to_realm_representation
from rest_compat.keycloak.realm_import import realm_contents_from
from rest_compat.keycloak.responses import created, no_content, ok
from rest_compat.routing import Call


def realm_fields_from(rep: dict[str, Any]) -> RealmFields:
    """A RealmRepresentation's own fields; everything that is not a row of its own (users, clients, roles,
    ...) nor an identity field is a setting, by its Keycloak name."""
    return RealmFields(
        name=rep.get("realm"),
        realm_id=rep.get("id"),
        enabled=rep.get("enabled"),
        settings={k: v for k, v in rep.items() if k not in NOT_SETTINGS},
    )


def _realm_representation(view: RealmView, *, brief: bool = False) -> dict[str, Any]:
    """The representation the reader may see: Keycloak shows a reader without view-realm the name alone."""
    if not view.settings_visible:
        return {"realm": view.realm.name}
    return to_realm_representation(view.realm, brief=brief)


async def list_realms(call: Call) -> Response:
    brief = bool(call.query_bool("briefRepresentation"))
    found = await realms.list_realms(call.actor)
    return ok([_realm_representation(v, brief=brief) for v in found])


async def create_realm(call: Call) -> Response:
    rep = await call.json_object()
    realm = await realms.create_realm(
        call.actor, realm_fields_from(rep), realm_contents_from(rep), representation=rep
    )
    return created(str(call.request.url.replace(query="")), realm.name)


async def get_realm(call: Call) -> Response:
    return ok(_realm_representation(await realms.get_realm(call.actor, call.params["realm"])))


async def update_realm(call: Call) -> Response:
    rep = await call.json_object()
    await realms.update_realm(call.actor, call.params["realm"], realm_fields_from(rep), representation=rep)
    return no_content()


async def delete_realm(call: Call) -> Response:
    await realms.delete_realm(call.actor, call.params["realm"])
    return no_content()
