"""Password hashing: argon2id at or above OWASP's minimum, always off the event loop.

Hashes imported from Keycloak (PBKDF2 with SHA-1, SHA-256 or SHA-512) are kept as they are, in a PHC-style
string ``$pbkdf2-sha256$i=27500$<salt>$<hash>`` (standard base64), verified as Keycloak verifies them, and
rehashed to argon2id on the first successful login (``needs_rehash``). Keycloak's own argon2 hashes become
the PHC string argon2 verifies, and are rehashed likewise when their parameters are not ours.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.metrics import PASSWORD_QUEUE

T = TypeVar("T")

# OWASP's minimum for argon2id: m=19 MiB, t=2, p=1.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# argon2 releases the GIL and runs on other cores. One thread per core this process may use: more would only
# take the event loop's core from the requests it serves.
_pool = ThreadPoolExecutor(max_workers=len(os.sched_getaffinity(0)), thread_name_prefix="argon2")


async def _in_pool(function: Callable[..., T], *args: Any) -> T:
    """Runs on the argon2 threads, counted in the queue-depth gauge while submitted and unfinished."""
    PASSWORD_QUEUE.inc()
    try:
        return await asyncio.get_running_loop().run_in_executor(_pool, function, *args)
    finally:
        PASSWORD_QUEUE.dec()


async def hash_password(password: str) -> str:
    return await _in_pool(_hasher.hash, password)


# Keycloak's PBKDF2 provider ids and the digest each runs on.
PBKDF2_DIGESTS = {"pbkdf2": "sha1", "pbkdf2-sha256": "sha256", "pbkdf2-sha512": "sha512"}
# Far above Keycloak's defaults (27,500 to 210,000); a bound so an imported credential cannot stall a core.
MAX_PBKDF2_ITERATIONS = 10_000_000


class UnsupportedHash(ValueError):
    """An imported hash in an algorithm or shape this server cannot verify."""


def _b64(value: object, name: str) -> bytes:
    try:
        if isinstance(value, str) and (raw := base64.b64decode(value, validate=True)):
            return raw
    except binascii.Error:
        raise UnsupportedHash(f"the password hash {name} is not base64") from None
    raise UnsupportedHash(f"the password hash {name} is empty")


def encode_pbkdf2(algorithm: str, iterations: object, salt_b64: object, hash_b64: object) -> str:
    """The stored form of a Keycloak export's PBKDF2 hash; ``UnsupportedHash`` if it is unusable (the
    values come as an export holds them, and are checked here)."""
    if algorithm not in PBKDF2_DIGESTS:
        raise UnsupportedHash(f"unsupported password hash algorithm {algorithm!r}")
    if isinstance(iterations, bool) or not isinstance(iterations, int):
        raise UnsupportedHash("hashIterations must be an integer")
    if not 1 <= iterations <= MAX_PBKDF2_ITERATIONS:
        raise UnsupportedHash(f"hashIterations must be between 1 and {MAX_PBKDF2_ITERATIONS}")
    _b64(salt_b64, "salt")
    _b64(hash_b64, "value")
    return f"${algorithm}$i={iterations}${salt_b64}${hash_b64}"


# Keycloak's argon2 parameters (its credentialData's additionalParameters) and their PHC names; bounds so
# that an imported credential cannot take a core or the memory of the server.
ARGON2_TYPES = {"id": "argon2id", "i": "argon2i", "d": "argon2d"}
ARGON2_VERSIONS = {"1.3": 19, "1.0": 16}
MAX_ARGON2 = {"memory": 262_144, "iterations": 100, "parallelism": 64, "hashLength": 1024}
MAX_ARGON2_WORK = (
    1_048_576  # memory (KiB) times passes: about a second of one core, 150 times Keycloak's default
)


def encode_keycloak_argon2(
    type_: str, version: str, numbers: dict[str, object], salt_b64: object, hash_b64: object
) -> str:
    """The PHC string of a Keycloak export's argon2 hash (``numbers``: its hashLength, memory in KiB,
    iterations and parallelism); ``UnsupportedHash`` if it is unusable."""
    if type_ not in ARGON2_TYPES:
        raise UnsupportedHash(f"unsupported argon2 type {type_!r}")
    if version not in ARGON2_VERSIONS:
        raise UnsupportedHash(f"unsupported argon2 version {version!r}")
    checked: dict[str, int] = {}
    for name, bound in MAX_ARGON2.items():
        value = numbers.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= bound:
            raise UnsupportedHash(f"argon2 {name} must be an integer between 1 and {bound}")
        checked[name] = value
    if checked["memory"] < 8 * checked["parallelism"]:
        raise UnsupportedHash("argon2 memory must be at least 8 KiB per lane of parallelism")
    if checked["memory"] * checked["iterations"] > MAX_ARGON2_WORK:
        raise UnsupportedHash(f"argon2 memory times iterations must be at most {MAX_ARGON2_WORK}")
    salt, digest = _b64(salt_b64, "salt"), _b64(hash_b64, "value")
    if len(salt) < 8:
        raise UnsupportedHash("the password hash salt is shorter than argon2's 8 bytes")
    if len(digest) != checked["hashLength"]:
        raise UnsupportedHash("the password hash value is not hashLength bytes long")

    def phc(raw: bytes) -> str:
        return base64.b64encode(raw).decode().rstrip("=")

    return (
        f"${ARGON2_TYPES[type_]}$v={ARGON2_VERSIONS[version]}$m={checked['memory']},"
        f"t={checked['iterations']},p={checked['parallelism']}${phc(salt)}${phc(digest)}"
    )


def _verify_pbkdf2(encoded: str, password: str) -> bool:
    try:
        _, algorithm, rounds, salt_b64, hash_b64 = encoded.split("$")
        iterations = int(rounds.removeprefix("i="))
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(hash_b64)
        digest = PBKDF2_DIGESTS[algorithm]
    except (ValueError, KeyError, binascii.Error):
        return False
    # Keycloak derives 512 bits by default; the stored hash's own length says what it derived.
    derived = hashlib.pbkdf2_hmac(digest, password.encode("utf-8"), salt, iterations, dklen=len(expected))
    return hmac.compare_digest(derived, expected)


def _verify(encoded: str, password: str) -> bool:
    if encoded.startswith("$pbkdf2"):
        return _verify_pbkdf2(encoded, password)
    try:
        return _hasher.verify(encoded, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(encoded: str) -> bool:
    """Whether a verified hash should become a fresh argon2id hash (imported, or weaker parameters)."""
    if not encoded.startswith("$argon2"):
        return True
    try:
        return _hasher.check_needs_rehash(encoded)
    except InvalidHashError:
        return True


async def verify_password(encoded: str, password: str) -> bool:
    return await _in_pool(_verify, encoded, password)


# A hash of a random password, verified against when a user does not exist, so that the answer time
# does not tell whether a username exists.
DUMMY_HASH = _hasher.hash("iamgraph-no-such-user")


def keycloak_documents(encoded: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A stored hash as a Keycloak export holds it: its ``secretData`` and ``credentialData`` (the inverse
    of ``encode_pbkdf2`` and ``encode_keycloak_argon2``). ``UnsupportedHash`` for any other form."""

    def padded(text: str) -> str:
        return text + "=" * (-len(text) % 4)

    parts = encoded.split("$")
    if len(parts) == 5 and parts[1] in PBKDF2_DIGESTS and parts[2].startswith("i="):
        return (
            {"value": parts[4], "salt": parts[3], "additionalParameters": {}},
            {"hashIterations": int(parts[2][2:]), "algorithm": parts[1], "additionalParameters": {}},
        )
    types = {v: k for k, v in ARGON2_TYPES.items()}
    versions = {v: k for k, v in ARGON2_VERSIONS.items()}
    if len(parts) == 6 and parts[1] in types and parts[2].startswith("v="):
        numbers = dict(item.split("=", 1) for item in parts[3].split(","))
        digest = base64.b64decode(padded(parts[5]))
        return (
            {
                "value": base64.b64encode(digest).decode(),
                "salt": padded(parts[4]),
                "additionalParameters": {},
            },
            {
                "hashIterations": int(numbers["t"]),
                "algorithm": "argon2",
                "additionalParameters": {
                    "hashLength": [str(len(digest))],
                    "memory": [numbers["m"]],
                    "type": [types[parts[1]]],
                    "version": [versions[int(parts[2][2:])]],
                    "parallelism": [numbers["p"]],
                },
            },
        )
    raise UnsupportedHash("the stored password hash has no Keycloak form")
