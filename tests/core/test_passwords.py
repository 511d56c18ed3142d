"""argon2id hashing and the PBKDF2 hashes of Keycloak exports."""

from __future__ import annotations

import base64
import hashlib

import pytest
from argon2.low_level import Type, hash_secret_raw

from core import passwords

KEYCLOAK_ARGON2 = {"hashLength": 32, "memory": 7168, "iterations": 5, "parallelism": 1}


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
        passwords.encode_pbkdf2(algorithm, iterations, salt, value)


async def test_a_malformed_stored_hash_never_verifies() -> None:
    assert not await passwords.verify_password("$pbkdf2-sha256$i=x$a$b", "pw")
    assert not await passwords.verify_password("garbage", "pw")


async def test_keycloak_argon2_hashes_verify_and_ask_for_a_rehash() -> None:
    salt = b"0123456789abcdef"
    raw = hash_secret_raw(b"s3cret", salt, 5, 7168, 1, 32, Type.ID, 19)
    encoded = passwords.encode_keycloak_argon2(
        "id", "1.3", dict(KEYCLOAK_ARGON2), base64.b64encode(salt).decode(), base64.b64encode(raw).decode()
    )
    assert encoded.startswith("$argon2id$v=19$m=7168,t=5,p=1$")
    assert await passwords.verify_password(encoded, "s3cret")
    assert not await passwords.verify_password(encoded, "wrong")
    assert passwords.needs_rehash(encoded)


@pytest.mark.parametrize(
    ("type_", "version", "changes", "salt"),
    [
        ("x", "1.3", {}, b"0123456789abcdef"),
        ("id", "2.0", {}, b"0123456789abcdef"),
        ("id", "1.3", {"memory": 262_144, "iterations": 100}, b"0123456789abcdef"),
        ("id", "1.3", {"memory": 4, "parallelism": 1}, b"0123456789abcdef"),
        ("id", "1.3", {"hashLength": 16}, b"0123456789abcdef"),
        ("id", "1.3", {"iterations": "5"}, b"0123456789abcdef"),
        ("id", "1.3", {}, b"short"),
    ],
)
def test_unusable_keycloak_argon2_hashes_are_refused(
    type_: str, version: str, changes: dict[str, object], salt: bytes
) -> None:
    value = base64.b64encode(bytes(32)).decode()
    with pytest.raises(passwords.UnsupportedHash):
        passwords.encode_keycloak_argon2(
            type_, version, {**KEYCLOAK_ARGON2, **changes}, base64.b64encode(salt).decode(), value
        )
