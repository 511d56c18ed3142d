"""lowball representations; each lists the fields it emits, so a secret can never leak. Times are
lowball's ``cts``/``ets`` strings."""

from __future__ import annotations

from typing import Any

from core.lowball_token import LowballTokenData, stamp
from resolvers.lowball.clients import ClientView
from resolvers.lowball.tokens import IssuedToken


def to_client_data(client: ClientView) -> dict[str, Any]:
    return {"client_id": client.client_id, "roles": list(client.roles)}


def to_token_data(data: LowballTokenData) -> dict[str, Any]:
    """lowball's ``token_data``: exactly the payload of the token string."""
    return {
        "cid": data.client_id,
        "r": list(data.roles),
        "cts": stamp(data.created),
        "ets": stamp(data.expires),
        "rcid": data.requester,
        "tid": data.token_id,
    }


def to_issued(issued: IssuedToken) -> dict[str, Any]:
    return {"token": issued.token, "token_data": to_token_data(issued.data)}


def to_status(provider_present: bool) -> dict[str, Any]:
    return {"name": "iamgraph", "auth_provider_initialized": provider_present, "auth_db_initialized": True}
