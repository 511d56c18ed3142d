"""Who holds a role directly: its users and its groups."""

from __future__ import annotations

from models import Group, User
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.roles.crud import addressed
from resolvers.roles.views import RoleAddress
from resolvers.users.views import UserView, user_views


async def role_users(
    actor: Actor | None,
    realm_name: str,
    address: RoleAddress,
    first: int = 0,
    max_: int = 100,
    *,
    with_attributes: bool = False,
) -> list[UserView]:
    actor, _, role = await addressed(actor, realm_name, address)
    rights.require(actor, realm_name, "query-users")
    found = await User.filter(role_links__role_id=role.id).order_by("username").offset(first).limit(max_)
    return await user_views(found, attributes=with_attributes)


async def role_groups(
    actor: Actor | None, realm_name: str, address: RoleAddress, first: int = 0, max_: int = 100
) -> list[Group]:
    actor, _, role = await addressed(actor, realm_name, address)
    rights.require(actor, realm_name, "query-groups")
    return await Group.filter(role_links__role_id=role.id).order_by("name", "path").offset(first).limit(max_)
