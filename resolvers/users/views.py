"""The user as the faces read it: the user with its attributes, its credential types and what the
caller may do with it, so that a mapper needs nothing else."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from models import User
from resolvers.users.loaders import attributes_of, credential_types_of


@dataclass(frozen=True)
class UserView:
    """A user and what was loaded with it. ``access`` is ``None`` when the read does not report it."""

    user: User
    attributes: Mapping[str, list[str]] = field(default_factory=dict)
    credential_types: frozenset[str] = frozenset()
    access: Mapping[str, bool] | None = None


async def user_views(
    users: Sequence[User],
    *,
    attributes: bool,
    credential_types: bool = False,
    access: Mapping[str, bool] | None = None,
) -> list[UserView]:
    """Views of ``users`` with what is asked for, each part in one query for all of them."""
    ids = [u.id for u in users]
    attrs = await attributes_of(ids) if attributes and ids else {}
    types = await credential_types_of(ids) if credential_types and ids else {}
    return [
        UserView(
            user=u,
            attributes=attrs.get(u.id, {}),
            credential_types=frozenset(types.get(u.id, ())),
            access=access,
        )
        for u in users
    ]
