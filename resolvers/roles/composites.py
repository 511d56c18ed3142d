"""Composite roles: the roles a role contains directly, and adding or removing them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import InvalidInput
from models import Realm, Role, RoleComposite, raw
from resolvers.events.records import record_admin_event
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.roles import conferring
from resolvers.roles.crud import addressed
from resolvers.roles.views import RoleAddress, RoleRef, RoleView, resource_type, role_path, role_views

COMPOSITE_MISSING = "Could not find composite role"


async def list_composites(
    actor: Actor | None,
    realm_name: str,
    address: RoleAddress,
    *,
    realm_only: bool = False,
    client_uuid: str | None = None,
) -> list[RoleView]:
    """The roles the addressed role contains directly: all of them, the realm ones, or those of one
    client."""
    _, realm, role = await addressed(actor, realm_name, address)
    qs = Role.filter(parent_links__parent_id=role.id)
    if realm_only:
        qs = qs.filter(client_id=None)
    elif client_uuid is not None:
        client = await lookup.client_in_realm(realm, client_uuid)
        qs = qs.filter(client_id=client.id)
    return await role_views(await qs.select_related("client").order_by("name"))


async def _children(realm: Realm, refs: Sequence[RoleRef]) -> list[Role]:
    """The roles a composites body names; Keycloak addresses them by id alone."""
    ids = []
    for ref in refs:
        if not ref.id:
            raise InvalidInput("Each role needs an id", field="id")
        ids.append(ref.id)
    return await lookup.roles_by_ids(realm, ids, COMPOSITE_MISSING)


async def add_composites(
    actor: Actor | None,
    realm_name: str,
    address: RoleAddress,
    refs: Sequence[RoleRef],
    *,
    representation: Any = None,
) -> Role:
    """Make the addressed role contain ``refs`` too; returns the role."""
    actor, realm, role = await addressed(actor, realm_name, address, manage=True)
    children = await _children(realm, refs)
    if any(c.id == role.id for c in children):
        raise InvalidInput("A role cannot contain itself")
    # As Keycloak's ``canMapComposite``: each child needs the manage right of its own container, and
    # whoever holds the role (or gets it by default) gets the children, so they count as handed out.
    for client_role in sorted({c.client_id is not None for c in children}):
        rights.require(actor, realm_name, rights.role_right(client_role, manage=True))
    await conferring.require_may_confer_roles(actor, realm, [c.id for c in children])
    async with in_transaction():
        # Composites a concurrent add made first are kept as they are, as a repeat keeps them.
        await raw.insert_missing(
            "role_composite", ("parent_id", "child_id"), [(role.id, c.id) for c in children]
        )
        await record_admin_event(
            realm, actor, "CREATE", resource_type(role), role_path(role) + "/composites", representation
        )
    return role


async def remove_composites(
    actor: Actor | None,
    realm_name: str,
    address: RoleAddress,
    refs: Sequence[RoleRef],
    *,
    representation: Any = None,
) -> Role:
    """Make the addressed role no longer contain ``refs``; returns the role."""
    actor, realm, role = await addressed(actor, realm_name, address, manage=True)
    children = await _children(realm, refs)
    async with in_transaction():
        await RoleComposite.filter(parent_id=role.id, child_id__in=[c.id for c in children]).delete()
        await record_admin_event(
            realm, actor, "DELETE", resource_type(role), role_path(role) + "/composites", representation
        )
    return role
