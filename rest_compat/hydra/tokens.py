"""Hydra 1.x's admin token handlers: introspection, a client's tokens deleted, expired records flushed."""

from __future__ import annotations

from datetime import datetime

from starlette.responses import JSONResponse, Response

from core.errors import InvalidInput
from core.runtime import settings
from resolvers.auth import token_admin
from rest_compat.hydra.mappers import to_introspection
from rest_compat.routing import Call


async def introspect(call: Call) -> Response:
    form = await call.form()
    if not form:
        raise InvalidInput("The POST body can not be empty.")
    result = await token_admin.introspect(
        call.actor, settings().hydra_realm, form.get("token"), form.get("scope")
    )
    return JSONResponse(to_introspection(result))


async def delete_tokens(call: Call) -> Response:
    client_id = call.query.get("client_id")
    if not client_id:
        raise InvalidInput("Query parameter 'client_id' is not defined but it should have been.")
    await token_admin.delete_client_tokens(call.actor, settings().hydra_realm, client_id)
    return Response(status_code=204)


def _instant(value: object) -> float | None:
    """``notAfter``: an RFC 3339 date-time (Go's time.Time), absent or null meaning now."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput("notAfter must be an RFC 3339 date-time")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise InvalidInput("notAfter must be an RFC 3339 date-time") from exc
    if parsed.tzinfo is None:
        raise InvalidInput("notAfter must be an RFC 3339 date-time")
    return parsed.timestamp()


async def flush(call: Call) -> Response:
    raw = await call.request.body()
    body = await call.json_object() if raw.strip() else {}
    await token_admin.flush_tokens(call.actor, settings().hydra_realm, _instant(body.get("notAfter")))
    return Response(status_code=204)
