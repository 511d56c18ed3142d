"""argon2id hashing and the PBKDF2 hashes of Keycloak exports."""

from __future__ import annotations

import base64
import hashlib

import pytest

from core import passwords


def keycloak_pbkdf2(algorithm: str, password: str, iterations: int, salt: bytes, bits: int = 512) -> str:
    digest = passwords.PBKDF2_DIGESTS[algorithm]
    derived = hashlib.pbkdf2_hmac(digest, password.encode(), salt, iterations, dklen=bits // 8)
    return passwords.encode_pbkdf2(
        algorithm, iterations, base64.b64encode(salt).decode(), base64.b64encode(derived).decode()
    )


@pytest.mark.parametrize("algorithm", ["pbkdf2", "pbkdf2-sha256", "pbkdf2-sha512"])
async def test_imported_pbkdf2_hashes_verify_and_ask_for_a_rehash(algorithm: str) -> None:
    encoded = keycloak_pbkdf2(algorithm, "s3cret", 1000, b"0123456789abcdef")
    assert await passwords.verify_password(encoded, "s3cret")
    assert not await passwords.verify_password(encoded, "wrong")
    assert passwords.needs_rehash(encoded)


async def test_a_256_bit_derived_key_verifies_too() -> None:
    encoded = keycloak_pbkdf2("pbkdf2-sha256", "pw", 27500, b"salt-salt", bits=256)
    assert await passwords.verify_password(encoded, "pw")


async def test_argon2_hashes_need_no_rehash() -> None:
    encoded = await passwords.hash_password("pw")
    assert encoded.startswith("$argon2id$")
    assert not passwords.needs_rehash(encoded)
    assert await passwords.verify_password(encoded, "pw")


@pytest.mark.parametrize(
    ("algorithm", "iterations", "salt", "value"),
    [
        ("md5", 1, "c2FsdA==", "aGFzaA=="),
        ("pbkdf2-sha256", 0, "c2FsdA==", "aGFzaA=="),
        ("pbkdf2-sha256", 10**9, "c2FsdA==", "aGFzaA=="),
        ("pbkdf2-sha256", "27500", "c2FsdA==", "aGFzaA=="),
        ("pbkdf2-sha256", 1, "not base64!", "aGFzaA=="),
        ("pbkdf2-sha256", 1, "c2FsdA==", ""),
    ],
)
def test_unusable_imported_hashes_are_refused(
    algorithm: str, iterations: object, salt: str, value: str
) -> None:
    with pytest.raises(passwords.UnsupportedHash):
        passwords.encode_pbkdf2(algorithm, iterations, salt, value)  # type: ignore[arg-type]


async def test_a_malformed_stored_hash_never_verifies() -> None:
    assert not await passwords.verify_password("$pbkdf2-sha256$i=x$a$b", "pw")
    assert not await passwords.verify_password("garbage", "pw")
