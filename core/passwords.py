"""Password hashing: argon2id at or above OWASP's minimum, always off the event loop."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP's minimum for argon2id: m=19 MiB, t=2, p=1.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# argon2 releases the GIL and runs on other cores. One thread per core this process may use: more would only
# take the event loop's core from the requests it serves.
_pool = ThreadPoolExecutor(max_workers=len(os.sched_getaffinity(0)), thread_name_prefix="argon2")


async def hash_password(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_pool, _hasher.hash, password)


def _verify(encoded: str, password: str) -> bool:
    try:
        return _hasher.verify(encoded, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(encoded: str, password: str) -> bool:
    return await asyncio.get_running_loop().run_in_executor(_pool, _verify, encoded, password)


# A hash of a random password, verified against when a user does not exist, so that the answer time
# does not tell whether a username exists.
DUMMY_HASH = _hasher.hash("iamgraph-no-such-user")
