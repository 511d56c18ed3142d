"""Admin events (every write, in the writer's transaction) and login events (when the realm enables
them), with their listing, filtering and deletion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from tortoise.queryset import QuerySet

from models import AdminEvent, Event, Realm
from models.base import now_ms
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import insert_event
from resolvers.kit.audit import record_admin_event as record_admin_event  # moved; kept importable here
from resolvers.kit.lookup import realm_by_name
from resolvers.realms.defaults import setting

OPERATIONS = ("CREATE", "UPDATE", "DELETE", "ACTION")


async def record_login_event(
    realm: Realm,
    type_: str,
    *,
    client_id: str | None = None,
    user_id: str | None = None,
    session_id: str | None = None,
    ip_address: str | None = None,
    error: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    if not setting(realm.config, "eventsEnabled"):
        return
    enabled_types = setting(realm.config, "enabledEventTypes") or []
    if enabled_types and type_ not in enabled_types:
        return
    await insert_event(
        Event,
        realm_id=realm.id,
        type=type_,
        client_id=client_id,
        user_id=user_id,
        session_id=session_id,
        ip_address=ip_address,
        error=error,
        details=details or {},
    )


@dataclass(frozen=True)
class AdminEventFilter:
    operation_types: Sequence[str] = ()
    resource_types: Sequence[str] = ()
    resource_path: str | None = None
    auth_realm: str | None = None
    auth_client: str | None = None
    auth_user: str | None = None
    auth_ip_address: str | None = None
    date_from: int | None = None
    date_to: int | None = None


@dataclass(frozen=True)
class EventFilter:
    types: Sequence[str] = ()
    client: str | None = None
    user: str | None = None
    ip_address: str | None = None
    date_from: int | None = None
    date_to: int | None = None


def _path_filter(pattern: str) -> dict[str, str]:
    # Keycloak's resourcePath filter takes '*' as a wildcard.
    if "*" not in pattern:
        return {"resource_path": pattern}
    parts = pattern.split("*")
    if len(parts) == 2 and parts[1] == "":
        return {"resource_path__startswith": parts[0]}
    return {"resource_path__posix_regex": _wildcard_regex(parts)}


def _wildcard_regex(parts: list[str]) -> str:
    """A regular expression for ``*``-separated ``parts`` that both SQLite's REGEXP (Python's engine)
    and PostgreSQL's read alike. Each middle part matches at its first occurrence, which is always a
    right choice for ``*`` wildcards, so no pattern makes the match backtrack more than linearly."""
    head, *middle, tail = [
        "".join(f"\\{c}" if c.isascii() and not c.isalnum() else c for c in p) for p in parts
    ]
    body = "".join(f"(?:(?!{part}).)*{part}" for part in middle if part)
    return f"^{head}{body}.*{tail}$"


_Row = TypeVar("_Row", AdminEvent, Event)


def _matching(
    qs: QuerySet[_Row], columns: dict[str, str | None], since: int | None, until: int | None
) -> QuerySet[_Row]:
    """Both event kinds' common filters: exact column values given, and a time range (inclusive)."""
    qs = qs.filter(**{column: value for column, value in columns.items() if value})
    if since is not None:
        qs = qs.filter(time__gte=since)
    if until is not None:
        qs = qs.filter(time__lte=until)
    return qs


def _admin_events(realm: Realm, flt: AdminEventFilter) -> QuerySet[AdminEvent]:
    qs = AdminEvent.filter(realm_id=realm.id)
    if flt.operation_types:
        qs = qs.filter(operation_type__in=list(flt.operation_types))
    if flt.resource_types:
        qs = qs.filter(resource_type__in=list(flt.resource_types))
    if flt.resource_path:
        qs = qs.filter(**_path_filter(flt.resource_path))
    columns = {
        "auth_realm_id": flt.auth_realm,
        "auth_client_id": flt.auth_client,
        "auth_user_id": flt.auth_user,
        "auth_ip_address": flt.auth_ip_address,
    }
    return _matching(qs, columns, flt.date_from, flt.date_to)


async def list_admin_events(
    actor: Actor | None, realm_name: str, flt: AdminEventFilter, first: int, max_: int
) -> list[AdminEvent]:
    rights.require(actor, realm_name, "view-events")
    realm = await realm_by_name(realm_name)
    return await _admin_events(realm, flt).order_by("-time", "-id").offset(first).limit(max_)


async def count_admin_events(actor: Actor | None, realm_name: str, flt: AdminEventFilter) -> int:
    rights.require(actor, realm_name, "view-events")
    return await _admin_events(await realm_by_name(realm_name), flt).count()


async def delete_admin_events(actor: Actor | None, realm_name: str) -> None:
    rights.require(actor, realm_name, "manage-events")
    realm = await realm_by_name(realm_name)
    await AdminEvent.filter(realm_id=realm.id).delete()


def _events(realm: Realm, flt: EventFilter) -> QuerySet[Event]:
    qs = Event.filter(realm_id=realm.id)
    if flt.types:
        qs = qs.filter(type__in=list(flt.types))
    columns = {"client_id": flt.client, "user_id": flt.user, "ip_address": flt.ip_address}
    qs = _matching(qs, columns, flt.date_from, flt.date_to)
    expiration = setting(realm.config, "eventsExpiration")
    if expiration:
        qs = qs.filter(time__gte=now_ms() - int(expiration) * 1000)
    return qs


async def list_events(
    actor: Actor | None, realm_name: str, flt: EventFilter, first: int, max_: int
) -> list[Event]:
    rights.require(actor, realm_name, "view-events")
    realm = await realm_by_name(realm_name)
    return await _events(realm, flt).order_by("-time", "-id").offset(first).limit(max_)


async def count_events(actor: Actor | None, realm_name: str, flt: EventFilter) -> int:
    rights.require(actor, realm_name, "view-events")
    return await _events(await realm_by_name(realm_name), flt).count()


async def delete_events(actor: Actor | None, realm_name: str) -> None:
    rights.require(actor, realm_name, "manage-events")
    realm = await realm_by_name(realm_name)
    await Event.filter(realm_id=realm.id).delete()
