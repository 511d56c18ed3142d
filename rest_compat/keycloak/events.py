"""Handlers for admin events, login events and the events configuration."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from starlette.responses import Response

from core import inputs
from core.errors import InvalidInput
from resolvers import events, realms
from rest_compat.keycloak.mappers import to_admin_event_representation, to_event_representation
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


async def get_events_config(call: Call) -> Response:
    config = await events.get_events_config(call.actor, call.params["realm"])
    return ok({k: v for k, v in config.items() if v is not None})


async def update_events_config(call: Call) -> Response:
    await realms.update_events_config(call.actor, call.params["realm"], await call.json_object())
    return no_content()
