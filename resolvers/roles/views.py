"""How requests name roles and what a role looks like to the faces: addresses, typed inputs and views."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from models import Client, Role, RoleComposite
from resolvers.groups.tree import visible_attributes


@dataclass(frozen=True)
class RoleRef:
    """How a request body names a role: by id, by name, or both (then they must agree)."""

    id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class RoleAddress:
    """How a path names a role: by id (``roles-by-id``), or by name in the realm or in a client."""

    role_id: str | None = None
    name: str | None = None
    client_uuid: str | None = None


@dataclass(frozen=True)
class RoleFields:
    """A role's own fields; ``None`` leaves a field as it is on update. Values come from the caller
    unchecked (a dialect's JSON may hold anything); the resolver checks them."""

    name: str | None = None
    description: str | None = None
    attributes: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class RoleView:
    """A role with what every face shows of it: whether it is a composite, the clientId of its client
    (``None`` for a realm role) and its attributes without the reserved ones."""

    role: Role
    composite: bool
    client_id: str | None
    attributes: dict[str, Any]

    @property
    def client_uuid(self) -> str | None:
        return self.role.client_id


def role_path(role: Role) -> str:
    return f"clients/{role.client_id}/roles/{role.name}" if role.client_id else f"roles/{role.name}"


def resource_type(role: Role) -> str:
    return "CLIENT_ROLE" if role.client_id else "REALM_ROLE"


async def composite_flags(role_ids: Sequence[str]) -> dict[str, bool]:
    """Batch: whether each role is a composite, in one query."""
    out = dict.fromkeys(role_ids, False)
    if role_ids:
        parents = (
            await RoleComposite.filter(parent_id__in=list(role_ids))
            .distinct()
            .values_list("parent_id", flat=True)
        )
        for parent in parents:
            out[str(parent)] = True
    return out


async def _client_ids(roles: Sequence[Role]) -> dict[str, str]:
    """The clientId of each client role's client: read from the role where its client was selected with
    it, otherwise in one query for all of them."""
    out: dict[str, str] = {}
    for role in roles:
        client = role.client
        if role.client_id is not None and isinstance(client, Client):
            out[role.client_id] = client.client_id
    missing = {r.client_id for r in roles if r.client_id is not None and r.client_id not in out}
    if missing:
        rows = await Client.filter(id__in=list(missing)).values_list("id", "client_id")
        out.update({str(cid): str(client_id) for cid, client_id in rows})
    return out


async def role_views(roles: Sequence[Role]) -> list[RoleView]:
    """Views of roles: the composite flags in one query whatever the number of roles, and the clientIds
    (no query when the roles' clients were selected with them)."""
    flags = await composite_flags([r.id for r in roles])
    client_ids = await _client_ids(roles)
    return [
        RoleView(
            role=r,
            composite=flags[r.id],
            client_id=client_ids.get(r.client_id) if r.client_id is not None else None,
            attributes=visible_attributes(r.attributes),
        )
        for r in roles
    ]
