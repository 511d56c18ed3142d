"""The fine-grained management-permissions switch of a role (Keycloak's ``management/permissions``).

Only the addressing and the rights are the role's own; the switch is the kit's mechanism
(``resolvers.kit.management``), shared with every other kind of object.
"""

from __future__ import annotations

from models import Realm
from resolvers.kit import lookup, management, rights
from resolvers.kit.actor import Actor
from resolvers.roles.crud import addressed
from resolvers.roles.views import RoleAddress, resource_type, role_path

ROLE_SCOPES = ("map-role", "map-role-composite", "map-role-client-scope")


async def _subject(realm: Realm, role_id: str) -> management.Subject:
    role = await lookup.role_by_id(realm, role_id)
    client_role = role.client_id is not None
    return management.Subject(
        model=role,
        view_right=rights.role_right(client_role, manage=False),
        manage_right=rights.role_right(client_role, manage=True),
        resource_type=resource_type(role),
        resource_path=role_path(role),
    )


ROLE = management.Kind(name="role", scopes=ROLE_SCOPES, find=_subject)


async def role_permissions(
    actor: Actor | None, realm_name: str, address: RoleAddress
) -> management.PermissionReference:
    _, _, role = await addressed(actor, realm_name, address)
    return await management.get(actor, realm_name, ROLE, role.id)


async def set_role_permissions(
    actor: Actor | None, realm_name: str, address: RoleAddress, enabled: object
) -> management.PermissionReference:
    _, _, role = await addressed(actor, realm_name, address, manage=True)
    return await management.set(actor, realm_name, ROLE, role.id, enabled)
