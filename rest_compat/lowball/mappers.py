"""lowball representations; each lists the fields it emits, so a secret can never leak."""

from __future__ import annotations

from typing import Any

from resolvers.lowball.clients import ClientData, IssuedToken, TokenData


def to_client_data(client: ClientData) -> dict[str, Any]:
    return {"client_id": client.client_id, "roles": list(client.roles)}


def to_token_data(data: TokenData) -> dict[str, Any]:
    return {
        "cid": data.cid,
        "r": list(data.r),
        "cts": data.cts,
        "ets": data.ets,
        "rcid": data.rcid,
        "tid": data.tid,
    }


def to_issued(issued: IssuedToken) -> dict[str, Any]:
    return {"token": issued.token, "token_data": to_token_data(issued.data)}
