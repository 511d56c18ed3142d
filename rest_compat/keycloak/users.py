"""Handlers for ``/admin/realms/{realm}/users``."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from core.errors import InvalidInput
from resolvers.users import crud as users
from resolvers.users.crud import UNSET, PasswordInput, UserFields, UserSearch
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


def user_fields_from(rep: dict[str, Any]) -> UserFields:
    fields = UserFields(**{attr: rep.get(key, UNSET) for key, attr in _FIELDS.items()})
    credentials = rep.get("credentials") or []
    if not isinstance(credentials, list):
        raise InvalidInput("credentials must be a list", field="credentials")
    for cred in credentials:
        if not isinstance(cred, dict):
            raise InvalidInput("each credential must be an object", field="credentials")
        if cred.get("type", "password") != "password":
            raise InvalidInput(f"Unsupported credential type {cred.get('type')}", field="credentials")
        temporary = cred.get("temporary", False)
        if not isinstance(temporary, bool):
            raise InvalidInput("temporary must be a boolean", field="credentials")
        fields.passwords.append(PasswordInput(value=cred.get("value"), temporary=temporary))
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
        q=users.parse_q(call.query.get("q")),
    )


async def list_users(call: Call) -> Response:
    realm = call.params["realm"]
    brief = bool(call.query_bool("briefRepresentation"))
    found = await users.search_users(
        call.actor, realm, _search_from(call), call.query_int("first", 0), call.query_int("max", 100)
    )
    ids = [u.id for u in found]
    attributes = {} if brief else await users.attributes_of(ids)
    cred_types = {} if brief else await users.credential_types_of(ids)
    return ok(
        [
            to_user_representation(
                u, attributes.get(u.id), brief=brief, credential_types=cred_types.get(u.id)
            )
            for u in found
        ]
    )


async def count_users(call: Call) -> Response:
    return JSONResponse(await users.count_users(call.actor, call.params["realm"], _search_from(call)))


async def create_user(call: Call) -> Response:
    rep = await call.json_object()
    user = await users.create_user(
        call.actor, call.params["realm"], user_fields_from(rep), representation=rep
    )
    return created(str(call.request.url.replace(query="")), user.id)


async def get_user(call: Call) -> Response:
    realm = call.params["realm"]
    user = await users.get_user(call.actor, realm, call.params["user_id"])
    attributes = (await users.attributes_of([user.id]))[user.id]
    cred_types = (await users.credential_types_of([user.id]))[user.id]
    return ok(
        to_user_representation(
            user, attributes, actor=call.actor, realm_name=realm, credential_types=cred_types
        )
    )


async def update_user(call: Call) -> Response:
    rep = await call.json_object()
    await users.update_user(
        call.actor, call.params["realm"], call.params["user_id"], user_fields_from(rep), representation=rep
    )
    return no_content()


async def delete_user(call: Call) -> Response:
    await users.delete_user(call.actor, call.params["realm"], call.params["user_id"])
    return no_content()
