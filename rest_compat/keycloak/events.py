"""Handlers for admin events, login events and the events configuration."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from starlette.responses import Response

from core import inputs
from core.errors import InvalidInput
from resolvers.events import config as events_config
from resolvers.events import records as events
from resolvers.events.config import EventsConfigChange
from rest_compat.keycloak.mappers import (
    to_admin_event_representation,
    to_event_representation,
    to_events_config_representation,
)
from rest_compat.keycloak.responses import no_content, ok
from rest_compat.routing import Call


def _date_ms(call: Call, name: str, end_of_day: bool) -> int | None:
    """Keycloak takes dateFrom/dateTo as ``yyyy-MM-dd`` (or epoch milliseconds)."""
    raw = call.query.get(name)
    if not raw:
        return None
    if raw.isascii() and raw.isdigit():
        return inputs.parse_int(raw, name, 0, inputs.INT64_MAX, field=name)
    try:
        day = date.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidInput(f"{name} must be a date as yyyy-MM-dd") from exc
    moment = datetime.combine(day, time.max if end_of_day else time.min, tzinfo=UTC)
    return int(moment.timestamp() * 1000)


async def list_admin_events(call: Call) -> Response:
    flt = events.AdminEventFilter(
        operation_types=call.query.getlist("operationTypes"),
        resource_types=call.query.getlist("resourceTypes"),
        resource_path=call.query.get("resourcePath"),
        auth_realm=call.query.get("authRealm"),
        auth_client=call.query.get("authClient"),
        auth_user=call.query.get("authUser"),
        auth_ip_address=call.query.get("authIpAddress"),
        date_from=_date_ms(call, "dateFrom", False),
        date_to=_date_ms(call, "dateTo", True),
    )
    found = await events.list_admin_events(
        call.actor, call.params["realm"], flt, call.query_int("first", 0), call.query_int("max", 100)
    )
    return ok([to_admin_event_representation(e) for e in found])


async def delete_admin_events(call: Call) -> Response:
    await events.delete_admin_events(call.actor, call.params["realm"])
    return no_content()


async def list_events(call: Call) -> Response:
    flt = events.EventFilter(
        types=call.query.getlist("type"),
        client=call.query.get("client"),
        user=call.query.get("user"),
        ip_address=call.query.get("ipAddress"),
        date_from=_date_ms(call, "dateFrom", False),
        date_to=_date_ms(call, "dateTo", True),
    )
    found = await events.list_events(
        call.actor, call.params["realm"], flt, call.query_int("first", 0), call.query_int("max", 100)
    )
    return ok([to_event_representation(e) for e in found])


async def delete_events(call: Call) -> Response:
    await events.delete_events(call.actor, call.params["realm"])
    return no_content()


def events_config_change_from(rep: dict[str, Any]) -> EventsConfigChange:
    """A RealmEventsConfigRepresentation: the fields it names change, the others stay."""
    known = {key: attr for attr, key in events_config.SETTING_OF.items()}
    unknown = set(rep) - set(known)
    if unknown:
        raise InvalidInput(f"Unknown events config fields: {', '.join(sorted(unknown))}")
    return EventsConfigChange(**{known[key]: value for key, value in rep.items()})


async def get_events_config(call: Call) -> Response:
    config = await events_config.get_events_config(call.actor, call.params["realm"])
    return ok(to_events_config_representation(config))


async def update_events_config(call: Call) -> Response:
    rep = await call.json_object()
    await events_config.update_events_config(
        call.actor, call.params["realm"], events_config_change_from(rep), representation=rep
    )
    return no_content()
