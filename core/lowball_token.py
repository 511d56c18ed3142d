"""The payload of a lowball token: exactly lowball's token data ``{cid, r, cts, ets, rcid, tid}``, its times
as lowball writes them (UTC, ``YYYY-MM-DD HH:MM:SS``).

The token string carries this payload and its record stores it, so the issuer, the verifier and the
dialect's bodies all read and write it through this one codec; everything else sees datetimes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
FIELDS = frozenset({"cid", "r", "cts", "ets", "rcid", "tid"})


@dataclass(frozen=True)
class LowballTokenData:
    """What a lowball token says: its id, the client it is for, its roles, its life and who asked for it."""

    token_id: str
    client_id: str
    roles: tuple[str, ...]
    created: datetime
    expires: datetime
    requester: str


def moment(epoch: float) -> datetime:
    """An epoch second as lowball keeps it: whole seconds, UTC."""
    return datetime.fromtimestamp(int(epoch), UTC)


def stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime(DATE_FORMAT)


def parse_stamp(text: str) -> datetime:
    """Raises ``ValueError`` for anything but lowball's format."""
    return datetime.strptime(text, DATE_FORMAT).replace(tzinfo=UTC)


def encode(data: LowballTokenData) -> dict[str, Any]:
    """The payload, in lowball's key order."""
    return {
        "cid": data.client_id,
        "r": list(data.roles),
        "cts": stamp(data.created),
        "ets": stamp(data.expires),
        "rcid": data.requester,
        "tid": data.token_id,
    }


def decode(payload: Mapping[str, Any]) -> LowballTokenData:
    """The token data of a payload; ``ValueError`` unless it has exactly lowball's fields and types."""
    if set(payload) != FIELDS:
        raise ValueError("not a lowball token payload")
    roles = payload["r"]
    texts = (payload["cid"], payload["cts"], payload["ets"], payload["rcid"], payload["tid"])
    if not all(isinstance(t, str) for t in texts) or not isinstance(roles, list):
        raise ValueError("not a lowball token payload")
    if not all(isinstance(r, str) for r in roles):
        raise ValueError("not a lowball token payload")
    return LowballTokenData(
        token_id=payload["tid"],
        client_id=payload["cid"],
        roles=tuple(roles),
        created=parse_stamp(payload["cts"]),
        expires=parse_stamp(payload["ets"]),
        requester=payload["rcid"],
    )
