"""Finding the objects an operation addresses, with one wording for each miss.

This is the one place an entity is found by id (or by name within its container): every resolver and
dialect asks here, so a miss reads the same through every door. Each wording is Keycloak's for that miss.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.errors import NotFound
from models import Client, ClientScope, Group, Realm, Role, User, raw

REALM_MISSING = "Realm not found."
USER_MISSING = "User not found"
GROUP_MISSING = "Could not find group by id"
CLIENT_MISSING = "Could not find client"
ROLE_MISSING = "Could not find role"
ROLE_ID_MISSING = "Could not find role with id"
MAPPED_ROLE_MISSING = "Role not found"
CLIENT_SCOPE_MISSING = "Could not find client scope"


async def realm_by_name(name: str) -> Realm:
    realm = await raw.one(Realm, "SELECT * FROM realm WHERE name = ?", name)
    if realm is None:
        raise NotFound(REALM_MISSING)
    return realm


async def realm_id(name: str) -> str:
    """Only the id of a realm: no settings document to decode on a hot path."""
    rows = await raw.fetch("SELECT id FROM realm WHERE name = ?", name)
    if not rows:
        raise NotFound(REALM_MISSING)
    return str(rows[0]["id"])


async def realm_or_none(name: str) -> Realm | None:
    """A realm that may be gone (the master realm, recording the deletion of another)."""
    return await Realm.get_or_none(name=name)


async def user_in_realm(realm: Realm, user_id: str) -> User:
    user = await User.get_or_none(id=user_id, realm_id=realm.id)
    if user is None:
        raise NotFound(USER_MISSING)
    return user


async def group_in_realm(realm: Realm, group_id: str) -> Group:
    group = await Group.get_or_none(id=group_id, realm_id=realm.id)
    if group is None:
        raise NotFound(GROUP_MISSING)
    return group


async def client_in_realm(realm: Realm, client_uuid: str) -> Client:
    """A client by its id (Keycloak's ``id``, not its ``clientId``)."""
    client = await Client.get_or_none(id=client_uuid, realm_id=realm.id)
    if client is None:
        raise NotFound(CLIENT_MISSING)
    return client


async def role_container_id(realm: Realm, client_uuid: str | None) -> str:
    """The container of the realm's roles (the realm) or of a client's roles (the client)."""
    return str((await client_in_realm(realm, client_uuid)).id) if client_uuid else str(realm.id)


async def role_by_name(realm: Realm, client_uuid: str | None, name: str) -> Role:
    """A realm role, or a client role, by name; its client loaded."""
    container_id = await role_container_id(realm, client_uuid)
    role = await Role.get_or_none(container_id=container_id, name=name, realm_id=realm.id).select_related(
        "client"
    )
    if role is None:
        raise NotFound(ROLE_MISSING)
    return role


async def role_by_id(realm: Realm, role_id: str) -> Role:
    """A role of the realm (of the realm or of any of its clients) by id; its client loaded."""
    role = await Role.get_or_none(id=role_id, realm_id=realm.id).select_related("client")
    if role is None:
        raise NotFound(ROLE_ID_MISSING)
    return role


async def roles_by_ids(realm: Realm, role_ids: Sequence[str], missing: str) -> list[Role]:
    """Roles of the realm by id, in the order given (each once); ``missing`` is the wording when any is
    not found (Keycloak's differs by endpoint: composites and role mappings)."""
    found = {r.id: r for r in await Role.filter(realm_id=realm.id, id__in=list(role_ids))}
    if any(rid not in found for rid in role_ids):
        raise NotFound(missing)
    return [found[rid] for rid in dict.fromkeys(role_ids)]


async def roles_named(container_id: str, refs: Sequence[tuple[str | None, str | None]]) -> list[Role]:
    """Roles of one container (the realm or a client) that a request names as ``(id, name)`` pairs: by
    name, and when an id is given too it must agree; by id alone otherwise. Each role once."""
    names = [name for _, name in refs if name]
    ids = [rid for rid, name in refs if rid and not name]
    in_container = Role.filter(container_id=container_id)
    by_name = {r.name: r for r in await in_container.filter(name__in=names)} if names else {}
    by_id = {r.id: r for r in await in_container.filter(id__in=ids)} if ids else {}
    out: dict[str, Role] = {}
    for rid, name in refs:
        role = by_name.get(name) if name else by_id.get(rid or "")
        if role is None or (rid and name and role.id != rid):
            raise NotFound(MAPPED_ROLE_MISSING)
        out.setdefault(role.id, role)
    return list(out.values())


def default_role_name(realm_name: str) -> str:
    """The name of the realm's default role, the composite every new user is given."""
    return f"default-roles-{realm_name}"


def is_default_role(realm: Realm, role: Role) -> bool:
    return role.client_id is None and role.name == default_role_name(realm.name)


async def default_role(realm: Realm) -> Role | None:
    return await Role.get_or_none(container_id=realm.id, name=default_role_name(realm.name))


async def client_by_client_id(realm: Realm, client_id: str) -> Client | None:
    return await Client.get_or_none(realm_id=realm.id, client_id=client_id)


async def client_scope_in_realm(realm: Realm, scope_id: str) -> ClientScope:
    scope = await ClientScope.get_or_none(id=scope_id, realm_id=realm.id)
    if scope is None:
        raise NotFound(CLIENT_SCOPE_MISSING)
    return scope
