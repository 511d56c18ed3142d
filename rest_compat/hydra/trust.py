"""Hydra 1.11's trusted JWT grant issuers (``/trust/grants/jwt-bearer/issuers``) over the engine's trusts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.responses import JSONResponse, Response

from core.runtime import settings
from models import TrustedIssuer
from resolvers.oauth2 import trust
from rest_compat.hydra.clients import page_numbers, paging_headers
from rest_compat.routing import Call

_PATH = "/trust/grants/jwt-bearer/issuers"


def _instant(ms: int) -> str:
    """Go's ``time.Time`` in UTC, to the second as Hydra stores it."""
    return datetime.fromtimestamp(ms // 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_trusted_issuer(row: TrustedIssuer) -> dict[str, Any]:
    """Hydra's ``trustedJwtGrantIssuer``: the key is named by its set (the issuer, as Hydra groups them)
    and kid."""
    return {
        "id": row.id,
        "issuer": row.issuer,
        "subject": row.subject,
        "allow_any_subject": row.allow_any_subject,
        "scope": list(row.scope),
        "public_key": {"set": row.issuer, "kid": row.key_id},
        "created_at": _instant(row.created_at),
        "expires_at": _instant(row.expires_at),
    }


async def trust_issuer(call: Call) -> Response:
    given = trust.trust_input(await call.json_object())
    row = await trust.trust_issuer(call.actor, settings().hydra_realm, given)
    location = f"{call.base_url}{_PATH}/{row.id}"
    return JSONResponse(to_trusted_issuer(row), status_code=201, headers={"Location": location})


async def list_trusted_issuers(call: Call) -> Response:
    limit, offset = page_numbers(call)
    page = trust.TrustPage(limit=limit, offset=offset, issuer=call.query.get("issuer") or None)
    rows, total = await trust.list_trusted_issuers(call.actor, settings().hydra_realm, page)
    return JSONResponse(
        [to_trusted_issuer(r) for r in rows], headers=paging_headers(call, total, limit, offset)
    )


async def get_trusted_issuer(call: Call) -> Response:
    row = await trust.get_trusted_issuer(call.actor, settings().hydra_realm, call.params["id"])
    return JSONResponse(to_trusted_issuer(row))


async def delete_trusted_issuer(call: Call) -> Response:
    await trust.delete_trusted_issuer(call.actor, settings().hydra_realm, call.params["id"])
    return Response(status_code=204)
