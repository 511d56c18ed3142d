"""The boundary checks of core.inputs, without a server."""

from __future__ import annotations

import json

import pytest

from core.errors import InvalidInput
from core.inputs import INT32_MAX, check_text, parse_int, parse_json, text_problem


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{\xff}", "Malformed JSON body: not UTF-8 text"),
        (b"{", "Malformed JSON body"),
        (b"[NaN]", "Malformed JSON body"),
        (b"[1e400]", "Invalid JSON body: numbers must be finite"),
        (b"[" + b"9" * 30 + b"]", "Invalid JSON body: integers must fit in 64 bits"),
        (b'{"\\u0000": 1}', "Invalid JSON body: strings must not contain NUL characters"),
        (b'["\\udc00"]', "Invalid JSON body: strings must not contain unpaired surrogates"),
        (b"[" * 65 + b"]" * 65, "Invalid JSON body: nested deeper than 64 levels"),
        (b"[" * 100_000 + b"]" * 100_000, "Invalid JSON body: nested deeper than 64 levels"),
    ],
)
def test_parse_json_refuses(raw: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_json(raw)
    assert refused.value.message == message


def test_parse_json_takes_what_the_store_holds() -> None:
    # json.dumps writes the emoji as an escaped surrogate pair, which is one character again.
    value = [2**63 - 1, -(2**63), 1.5, "\U0001f600", {"a": [None, True]}]
    nested: object = value
    for _ in range(61):  # 64 levels in all, the most accepted
        nested = [nested]
    assert parse_json(json.dumps(nested).encode()) == nested


@pytest.mark.parametrize("raw", ["\u0661", "\u00b2", "1_0", " 1", "1.0", "0x1", "", "-"])
def test_parse_int_takes_ascii_digits_only(raw: str) -> None:
    with pytest.raises(InvalidInput, match="must be an integer"):
        parse_int(raw, "first")


def test_parse_int_bounds() -> None:
    assert parse_int("-12", "n") == -12
    assert parse_int(str(INT32_MAX), "max", 0, INT32_MAX) == INT32_MAX
    with pytest.raises(InvalidInput, match="at most 2147483647"):
        parse_int("9" * 5000, "max", 0, INT32_MAX)
    with pytest.raises(InvalidInput, match="at least 0"):
        parse_int("-" + "9" * 5000, "first", 0, INT32_MAX)


def test_text_checks() -> None:
    assert text_problem("plain \u00e9\U0001f600") is None
    assert check_text("ok", "name") == "ok"
    with pytest.raises(InvalidInput) as refused:
        check_text("a\x00", "Path parameter user_id", "user_id")
    assert (refused.value.message, refused.value.field) == (
        "Path parameter user_id must not contain NUL characters",
        "user_id",
    )
