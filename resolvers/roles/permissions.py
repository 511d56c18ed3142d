"""The fine-grained management-permissions switch of a role (Keycloak's ``management/permissions``).

Only the addressing and the rights are the role's own; the switch itself is the mechanism groups share
(a reserved attribute and a stable permission reference).
"""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from core.errors import InvalidInput
from resolvers.events.records import record_admin_event
from resolvers.groups.tree import PERMISSIONS_KEY, permission_reference
from resolvers.kit.actor import Actor
from resolvers.roles.crud import addressed
from resolvers.roles.views import RoleAddress, resource_type, role_path

ROLE_SCOPES = ("map-role", "map-role-composite", "map-role-client-scope")


async def role_permissions(actor: Actor | None, realm_name: str, address: RoleAddress) -> dict[str, Any]:
    _, _, role = await addressed(actor, realm_name, address)
    return permission_reference("role", role.id, bool(role.attributes.get(PERMISSIONS_KEY)), ROLE_SCOPES)


async def set_role_permissions(
    actor: Actor | None, realm_name: str, address: RoleAddress, enabled: bool | None
) -> dict[str, Any]:
    actor, realm, role = await addressed(actor, realm_name, address, manage=True)
    if not isinstance(enabled, bool):
        raise InvalidInput("enabled must be a boolean", field="enabled")
    role.attributes = {k: v for k, v in role.attributes.items() if k != PERMISSIONS_KEY} | (
        {PERMISSIONS_KEY: True} if enabled else {}
    )
    async with in_transaction():
        await role.save(update_fields=["attributes"])
        path = role_path(role) + "/management/permissions"
        await record_admin_event(realm, actor, "UPDATE", resource_type(role), path, {"enabled": enabled})
    return permission_reference("role", role.id, enabled, ROLE_SCOPES)
