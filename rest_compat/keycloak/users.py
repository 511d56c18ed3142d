"""Handlers for ``/admin/realms/{realm}/users``, and the reading of a UserRepresentation into the fields
the user resolvers take."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from core.errors import InvalidInput
from resolvers.users import crud, search
from resolvers.users.inputs import UNSET, UserFields, UserSearch, attribute_query
from rest_compat.keycloak import jackson
from rest_compat.keycloak.credential_reps import credentials_from
from rest_compat.keycloak.mappers import to_user_representation
from rest_compat.keycloak.responses import created, no_content, ok
from rest_compat.routing import Call

# UserRepresentation field -> UserFields attribute
_FIELDS = {
    "username": "username",
    "email": "email",
    "firstName": "first_name",
    "lastName": "last_name",
    "enabled": "enabled",
    "emailVerified": "email_verified",
    "attributes": "attributes",
    "requiredActions": "required_actions",
}


# UserRepresentation's Boolean fields, read as Keycloak's Jackson mapper reads them.
_BOOLEANS = ("enabled", "emailVerified")


def user_fields_from(rep: dict[str, Any], where: str = "") -> UserFields:
    """The fields of a UserRepresentation (``where`` prefixes the field names errors give, for a realm
    export's ``users[2].``)."""
    given = jackson.booleans(rep, _BOOLEANS, where)
    fields = UserFields(**{attr: given.get(key, UNSET) for key, attr in _FIELDS.items()})
    fields.passwords, fields.stored_credentials = credentials_from(rep.get("credentials"), where)
    groups = rep.get("groups") or []
    if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
        raise InvalidInput("groups must be a list of group paths", field="groups")
    fields.groups = groups
    return fields


def _search_from(call: Call) -> UserSearch:
    return UserSearch(
        search=call.query.get("search"),
        username=call.query.get("username"),
        email=call.query.get("email"),
        first_name=call.query.get("firstName"),
        last_name=call.query.get("lastName"),
        exact=bool(call.query_bool("exact")),
        enabled=call.query_bool("enabled"),
        email_verified=call.query_bool("emailVerified"),
        attributes=attribute_query(call.query.get("q")),
    )


async def list_users(call: Call) -> Response:
    brief = bool(call.query_bool("briefRepresentation"))
    found = await search.search_user_views(
        call.actor,
        call.params["realm"],
        _search_from(call),
        call.query_int("first", 0),
        call.query_int("max", 100),
        brief=brief,
    )
    return ok([to_user_representation(v, brief=brief) for v in found])


async def count_users(call: Call) -> Response:
    return JSONResponse(await search.count_users(call.actor, call.params["realm"], _search_from(call)))


async def create_user(call: Call) -> Response:
    fields = user_fields_from(await call.json_object())
    user = await crud.create_user(call.actor, call.params["realm"], fields)
    return created(str(call.request.url.replace(query="")), user.id)


async def get_user(call: Call) -> Response:
    view = await crud.get_user_view(call.actor, call.params["realm"], call.params["user_id"])
    return ok(to_user_representation(view))


async def update_user(call: Call) -> Response:
    fields = user_fields_from(await call.json_object())
    await crud.update_user(call.actor, call.params["realm"], call.params["user_id"], fields)
    return no_content()


async def delete_user(call: Call) -> Response:
    await crud.delete_user(call.actor, call.params["realm"], call.params["user_id"])
    return no_content()
