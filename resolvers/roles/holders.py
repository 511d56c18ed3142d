"""Who holds a role directly: its users and its groups."""

from __future__ import annotations

from dataclasses import dataclass

from models import Group, User
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.roles.crud import addressed
from resolvers.roles.views import RoleAddress
from resolvers.users import crud as users


@dataclass(frozen=True)
class RoleUser:
    """A user holding a role, with the attributes when the caller asked for full representations."""

    user: User
    attributes: dict[str, list[str]] | None


async def role_users(
    actor: Actor | None,
    realm_name: str,
    address: RoleAddress,
    first: int = 0,
    max_: int = 100,
    *,
    with_attributes: bool = False,
) -> list[RoleUser]:
    actor, _, role = await addressed(actor, realm_name, address)
    rights.require(actor, realm_name, "query-users")
    found = await User.filter(role_links__role_id=role.id).order_by("username").offset(first).limit(max_)
    attributes = await users.attributes_of([u.id for u in found]) if with_attributes else {}
    return [RoleUser(user=u, attributes=attributes.get(u.id)) for u in found]


async def role_groups(
    actor: Actor | None, realm_name: str, address: RoleAddress, first: int = 0, max_: int = 100
) -> list[Group]:
    actor, _, role = await addressed(actor, realm_name, address)
    rights.require(actor, realm_name, "query-groups")
    return await Group.filter(role_links__role_id=role.id).order_by("name", "path").offset(first).limit(max_)
