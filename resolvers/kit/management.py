"""Fine-grained management permissions: one switch per object, for any kind of object.

Keycloak lets an administrator turn on fine-grained permissions for a group, a role, a client and so on;
the answer is a ManagementPermissionReference naming the authorization resource and one permission per
scope. Here the switch is a reserved attribute of the object (never shown as an attribute, refused as an
attribute name), and the ids are stable per object. A kind of object says how to find one object in a
realm and which rights and admin-event path it has; the rest is the same for every kind:

    management.get(actor, realm_name, GROUP, group_id)
    management.set(actor, realm_name, GROUP, group_id, enabled)
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NotRequired, Protocol, TypedDict

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from core.errors import InvalidInput
from models import Realm
from resolvers.kit import audit, rights
from resolvers.kit.actor import Actor
from resolvers.kit.lookup import realm_by_name

PERMISSIONS_KEY = "iamgraph.managementPermissions"
"""The reserved attribute holding whether fine-grained permissions are enabled for an object."""


class PermissionReference(TypedDict):
    """Keycloak's ManagementPermissionReference, in its own names."""

    enabled: bool
    resource: NotRequired[str]
    scopePermissions: NotRequired[dict[str, str]]


class Switchable(Protocol):
    """An object that can carry the switch: a model with an ``attributes`` document."""

    @property
    def id(self) -> str: ...

    @property
    def attributes(self) -> dict[str, Any]: ...

    @attributes.setter
    def attributes(self, value: dict[str, Any]) -> None: ...

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None: ...


@dataclass(frozen=True)
class Subject:
    """One object under the switch, as its kind found it."""

    model: Switchable
    view_right: str
    manage_right: str
    resource_type: str
    resource_path: str
    """The object's admin path; the switch's admin event goes to ``<path>/management/permissions``."""


@dataclass(frozen=True)
class Kind:
    """How the switch reaches one kind of object. ``view_right`` and ``manage_right``, when the kind knows
    them before finding the object, are checked before the lookup, so that a miss reveals nothing to a
    caller without the right; the object's own rights are checked after it."""

    name: str
    scopes: tuple[str, ...]
    find: Callable[[Realm, str], Awaitable[Subject]]
    view_right: str | None = None
    manage_right: str | None = None


def is_enabled(attributes: Mapping[str, Any]) -> bool:
    return bool(attributes.get(PERMISSIONS_KEY))


def with_switch(attributes: Mapping[str, Any], enabled: bool) -> dict[str, Any]:
    """``attributes`` with the switch set to ``enabled``."""
    rest = {k: v for k, v in attributes.items() if k != PERMISSIONS_KEY}
    return (rest | {PERMISSIONS_KEY: True}) if enabled else rest


def keep_switch(old: Mapping[str, Any], new: dict[str, list[str]]) -> dict[str, Any]:
    """New attributes for an object, keeping the switch its old attributes hold."""
    return with_switch(new, is_enabled(old))


def permission_reference(
    kind: str, object_id: str, enabled: bool, scopes: Iterable[str]
) -> PermissionReference:
    """The reference of one object; its ids are stable per kind and object."""
    if not enabled:
        return {"enabled": False}
    ns = uuid.uuid5(uuid.NAMESPACE_URL, f"iamgraph:{kind}:{object_id}")
    return {
        "enabled": True,
        "resource": str(ns),
        "scopePermissions": {s: str(uuid.uuid5(ns, s)) for s in scopes},
    }


def _require_first(actor: Actor | None, realm_name: str, right: str | None) -> Actor:
    return rights.require(actor, realm_name, right) if right else rights.require_any(actor, realm_name)


async def get(actor: Actor | None, realm_name: str, kind: Kind, object_id: str) -> PermissionReference:
    """Whether fine-grained permissions are enabled for the object, as a reference."""
    actor = _require_first(actor, realm_name, kind.view_right)
    realm = await realm_by_name(realm_name)
    subject = await kind.find(realm, object_id)
    rights.require(actor, realm_name, subject.view_right)
    model = subject.model
    return permission_reference(kind.name, model.id, is_enabled(model.attributes), kind.scopes)


async def set(
    actor: Actor | None, realm_name: str, kind: Kind, object_id: str, enabled: object
) -> PermissionReference:
    """Turn fine-grained permissions on or off for the object. (Named after the pair it forms with
    ``get``; the builtin ``set`` is not used in this module.)"""
    actor = _require_first(actor, realm_name, kind.manage_right)
    realm = await realm_by_name(realm_name)
    subject = await kind.find(realm, object_id)
    actor = rights.require(actor, realm_name, subject.manage_right)
    if not isinstance(enabled, bool):
        raise InvalidInput("enabled must be a boolean", field="enabled")
    model = subject.model
    async with in_transaction():
        model.attributes = with_switch(model.attributes, enabled)
        await model.save(update_fields=["attributes"])
        await audit.record_admin_event(
            realm,
            actor,
            "UPDATE",
            subject.resource_type,
            f"{subject.resource_path}/management/permissions",
            {"enabled": enabled},
        )
    return permission_reference(kind.name, model.id, enabled, kind.scopes)
