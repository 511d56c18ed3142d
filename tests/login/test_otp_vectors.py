"""The OTP arithmetic against the RFCs' test vectors (RFC 4226 appendix D, RFC 6238 appendix B)."""

from __future__ import annotations

import pytest

from resolvers.login.otp import hotp, totp


@pytest.mark.parametrize(("counter", "expected"), [(0, "755224"), (1, "287082"), (9, "520489")])
def test_hotp_rfc4226(counter: int, expected: str) -> None:
    assert hotp(b"12345678901234567890", counter, 6, "HmacSHA1") == expected


@pytest.mark.parametrize(
    ("algorithm", "key", "at", "expected"),
    [
        ("HmacSHA1", b"12345678901234567890", 59, "94287082"),
        ("HmacSHA256", b"12345678901234567890123456789012", 59, "46119246"),
        ("HmacSHA512", b"1234567890" * 6 + b"1234", 59, "90693936"),
        ("HmacSHA1", b"12345678901234567890", 1111111109, "07081804"),
        ("HmacSHA256", b"12345678901234567890123456789012", 20000000000, "77737706"),
    ],
)
def test_totp_rfc6238(algorithm: str, key: bytes, at: int, expected: str) -> None:
    assert totp(key, 8, 30, algorithm, at) == expected
