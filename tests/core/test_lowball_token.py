"""The lowball token payload codec: exactly lowball's six fields, its times as lowball writes them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core import lowball_token
from core.lowball_token import LowballTokenData

DATA = LowballTokenData(
    token_id="aB3dE5gH7jK9mN1p",
    client_id="reader",
    roles=("b", "a"),
    created=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
    expires=datetime(2024, 1, 2, 4, 4, 5, tzinfo=UTC),
    requester="admin",
)


def test_encode_writes_lowballs_payload_and_decode_reads_it_back() -> None:
    payload = lowball_token.encode(DATA)
    assert payload == {
        "cid": "reader",
        "r": ["b", "a"],
        "cts": "2024-01-02 03:04:05",
        "ets": "2024-01-02 04:04:05",
        "rcid": "admin",
        "tid": "aB3dE5gH7jK9mN1p",
    }
    assert list(payload) == ["cid", "r", "cts", "ets", "rcid", "tid"]
    assert lowball_token.decode(payload) == DATA


def test_moment_keeps_whole_seconds_in_utc() -> None:
    assert lowball_token.moment(1704164645.9) == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    "change",
    [
        {"extra": 1},
        {"r": "admin"},
        {"r": [1]},
        {"cid": 5},
        {"ets": "2024-01-02T04:04:05Z"},
        {"iss": "http://x/realms/master"},
    ],
)
def test_decode_refuses_anything_but_lowballs_payload(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        lowball_token.decode({**lowball_token.encode(DATA), **change})
