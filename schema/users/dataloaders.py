"""Batch functions of the users aggregate (see ``schema.kit.loaders``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from models import Credential as CredentialModel
from models import User as UserModel
from resolvers.kit.actor import Actor
from resolvers.users import credentials as user_credentials
from resolvers.users import crud as users
from resolvers.users import sessions as user_sessions
from resolvers.users.sessions import SessionView
from schema.kit.node import split_key, visible_or_none

T = TypeVar("T")


async def user_attributes(actor: Actor | None, ids: list[str]) -> list[dict[str, list[str]]]:
    found = await users.attributes_of(ids)
    return [found.get(i, {}) for i in ids]


async def users_by_ids(actor: Actor | None, ids: list[str]) -> list[UserModel | None]:
    """Users by id, for a list the caller already may see (a group's members)."""
    found = await users.users_by_ids(ids)
    return [found.get(i) for i in ids]


async def visible_users(actor: Actor | None, keys: list[str]) -> list[UserModel | None]:
    return [await visible_or_none(users.get_user_by_id(actor, key)) for key in keys]


async def _of_user(
    actor: Actor | None,
    keys: list[str],
    read: Callable[[str, str], Awaitable[Sequence[T]]],
    key_of: Callable[[T], str],
) -> list[T | None]:
    """Objects keyed ``user id/object id``: the user's list as ``read(realm_name, user_id)`` gives it to the
    caller (rights checked there), then the one with the object id."""

    async def one(key: str) -> T | None:
        parts = split_key(key, 2)
        if parts is None:
            return None
        user_id, object_id = parts
        user = await visible_or_none(users.get_user_by_id(actor, user_id))
        if user is None:
            return None
        listed = await visible_or_none(read(user.realm.name, user_id))
        return next((x for x in listed or () if key_of(x) == object_id), None)

    return [await one(key) for key in keys]


async def visible_credentials(actor: Actor | None, keys: list[str]) -> list[CredentialModel | None]:
    return await _of_user(
        actor,
        keys,
        lambda realm, user_id: user_credentials.list_credentials(actor, realm, user_id),
        lambda credential: credential.id,
    )


async def visible_sessions(actor: Actor | None, keys: list[str]) -> list[SessionView | None]:
    return await _of_user(
        actor,
        keys,
        lambda realm, user_id: user_sessions.user_sessions(actor, realm, user_id),
        lambda view: view.session.id,
    )
