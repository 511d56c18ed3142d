"""Finding the objects an operation addresses, with one wording for each miss."""

from __future__ import annotations

from core.errors import NotFound
from models import Client, Group, Realm, User, raw


async def realm_by_name(name: str) -> Realm:
    realm = await raw.one(Realm, "SELECT * FROM realm WHERE name = ?", name)
    if realm is None:
        raise NotFound("Realm not found.")
    return realm


async def realm_id(name: str) -> str:
    """Only the id of a realm: no settings document to decode on a hot path."""
    rows = await raw.fetch("SELECT id FROM realm WHERE name = ?", name)
    if not rows:
        raise NotFound("Realm not found.")
    return str(rows[0]["id"])


async def user_in_realm(realm: Realm, user_id: str) -> User:
    user = await User.get_or_none(id=user_id, realm_id=realm.id)
    if user is None:
        raise NotFound("User not found")
    return user


async def client_by_client_id(realm: Realm, client_id: str) -> Client | None:
    return await Client.get_or_none(realm_id=realm.id, client_id=client_id)


async def group_in_realm(realm: Realm, group_id: str) -> Group:
    group = await Group.get_or_none(id=group_id, realm_id=realm.id)
    if group is None:
        raise NotFound("Could not find group by id")
    return group
