"""``/users-management-permissions``: the realm-wide switch of fine-grained permissions for its users,
answered as Keycloak's ManagementPermissionReference (``resolvers/kit/management``). The switch is a
realm setting that no view shows and no realm update can write."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core.errors import InvalidInput
from models import Realm
from resolvers.kit import lookup, management, rights
from resolvers.kit.actor import Actor
from resolvers.kit.secrets import USERS_PERMISSIONS_KEY

USER_SCOPES = ("view", "manage", "map-roles", "manage-group-membership", "impersonate", "user-impersonated")


def _reference(realm: Realm, enabled: bool) -> management.PermissionReference:
    return management.permission_reference("users", realm.id, enabled, USER_SCOPES)


async def get(actor: Actor | None, realm_name: str) -> management.PermissionReference:
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    return _reference(realm, bool(realm.config.get(USERS_PERMISSIONS_KEY)))


async def set_enabled(
    actor: Actor | None, realm_name: str, enabled: object
) -> management.PermissionReference:
    rights.require(actor, realm_name, "manage-realm")
    if not isinstance(enabled, bool):
        raise InvalidInput("enabled must be a boolean", field="enabled")
    realm = await lookup.realm_by_name(realm_name)
    async with in_transaction():
        locked = await Realm.select_for_update().get(id=realm.id)
        rest = {k: v for k, v in locked.config.items() if k != USERS_PERMISSIONS_KEY}
        locked.config = (rest | {USERS_PERMISSIONS_KEY: True}) if enabled else rest
        await locked.save(update_fields=["config"])
    return _reference(realm, enabled)
