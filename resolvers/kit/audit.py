"""The admin-event recorder: every write of every door records its event here, in the write's transaction.

The representation an event carries is Keycloak's (admin events are Keycloak's model). It derives from
the operation's typed input, never from a dialect's request body, so that the same change recorded
through REST, GraphQL or lowball carries the same representation. Its secrets are masked, and a user's
credentials left out, as Keycloak strips them from what it records (the secrets kit knows where they are).
"""

from __future__ import annotations

import json
from typing import Any, Protocol, TypeVar, runtime_checkable

from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.transactions import in_transaction

from models import AdminEvent, Event, Realm, raw
from resolvers.kit import secrets
from resolvers.kit.actor import Actor


@runtime_checkable
class Represented(Protocol):
    """A typed input that knows its Keycloak representation."""

    def representation(self) -> object: ...


def details_enabled(realm: Realm) -> bool:
    """Whether the realm keeps the representation of each write (``adminEventsDetailsEnabled``, off unless
    set; read from the settings directly, so that the kit depends on no aggregate)."""
    return bool(realm.config.get("adminEventsDetailsEnabled"))


def encode(representation: object, resource_type: str | None = None) -> str | None:
    """The stored text of a representation (a typed input, or what ``json.dumps`` takes) of a
    ``resource_type``, its secrets masked; ``None`` stays ``None``."""
    if isinstance(representation, Represented):
        representation = representation.representation()
    if resource_type is not None:
        representation = secrets.mask(resource_type, representation)
    return None if representation is None else json.dumps(representation, default=str)


_Row = TypeVar("_Row", AdminEvent, Event)


async def insert_event(model: type[_Row], **values: Any) -> _Row:
    """Insert an admin or login event with an id drawn in commit order (``raw.order_event_ids``), so that
    the event streams, which read by increasing id, lose none. In the caller's transaction when there is
    one (the order lock is held until it ends), in a transaction of its own otherwise."""
    if isinstance(connections.get("default"), TransactionalDBClient):
        await raw.order_event_ids()
        return await model.create(**values)
    async with in_transaction():
        await raw.order_event_ids()
        return await model.create(**values)


async def record_admin_event(
    realm: Realm,
    actor: Actor,
    operation: str,
    resource_type: str,
    resource_path: str,
    representation: object = None,
) -> None:
    """Record a write. Call inside the write's transaction so both land or neither does. A typed input
    may be passed as ``representation``: it is turned into JSON only when the realm keeps details."""
    await insert_event(
        AdminEvent,
        realm_id=realm.id,
        operation_type=operation,
        resource_type=resource_type,
        resource_path=resource_path,
        representation=encode(representation, resource_type) if details_enabled(realm) else None,
        auth_realm_id=actor.realm_id or None,
        auth_client_id=actor.client_id,
        auth_user_id=actor.user_id,
        auth_ip_address=actor.ip_address,
    )
