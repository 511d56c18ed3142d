"""Brute-force detection: login failures per user in the database (shared by every instance), temporary
lockouts that grow with the failures, and permanent lockout that disables the user."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import Enum
from typing import Any

from tortoise.transactions import in_transaction

from core import metrics
from models import LoginFailure, Realm, User, UserAttribute, raw
from models.base import now_ms
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.kit.lookup import realm_by_name
from resolvers.realms.defaults import setting

DISABLED_REASON = "disabledReason"
PERMANENT_LOCKOUT = "permanentLockout"


def protected(realm: Realm) -> bool:
    return bool(setting(realm.config, "bruteForceProtected"))


async def locked_out(user_id: str) -> bool:
    """Whether the user is within a temporary lockout now (the cheap check made before a password is
    verified; ``record_failure`` and ``admit`` decide again under the lock)."""
    rows: list[Any] = await LoginFailure.filter(user_id=user_id).values_list(
        "failed_login_not_before", flat=True
    )
    return bool(rows) and int(time.time()) < int(rows[0])


def _int(realm: Realm, key: str) -> int:
    return int(setting(realm.config, key) or 0)


# The first statement of each accounting transaction writes, so that it holds the row (PostgreSQL) or the
# database (SQLite, whose other processes wait on the write lock) before reading anything: concurrent
# logins of one user, on any instance, are counted one after the other, each on the row the last one left.
_LOCK_OR_CREATE = (
    "INSERT INTO login_failure (user_id, num_failures, num_temporary_lockouts, failed_login_not_before,"
    " last_failure) VALUES (?, 0, 0, 0, 0)"
    " ON CONFLICT (user_id) DO UPDATE SET num_failures = login_failure.num_failures"
    " RETURNING num_failures, num_temporary_lockouts, failed_login_not_before, last_failure"
)
_LOCK = (
    "UPDATE login_failure SET num_failures = num_failures WHERE user_id = ? RETURNING failed_login_not_before"
)


async def _enabled(user_id: str) -> bool:
    """The user's enabled flag as committed now (a concurrent permanent lockout may have cleared it)."""
    return bool(await User.filter(id=user_id, enabled=True).exists())


async def record_failure(realm: Realm, user: User, ip: str | None) -> bool:
    """Count one failed login and lock the user out as the realm's settings say. ``False`` when the
    failure met a lockout set since the caller's check (it is not counted then, as a login refused by the
    check is not): every failure is judged as if the logins had come one after the other."""
    from resolvers.users.crud import revoke_user_tokens

    async with in_transaction():
        row = (await raw.fetch(_LOCK_OR_CREATE, user.id))[0]
        now = now_ms()
        if now // 1000 < int(row["failed_login_not_before"]) or not await _enabled(user.id):
            return False
        failures, lockouts = int(row["num_failures"]), int(row["num_temporary_lockouts"])
        last = int(row["last_failure"])
        delta = now - last if last > 0 else 0
        if delta > _int(realm, "maxDeltaTimeSeconds") * 1000:
            failures = 0
        failures += 1
        factor = max(_int(realm, "failureFactor"), 1)
        permanent = bool(setting(realm.config, "permanentLockout"))
        max_temporary = _int(realm, "maxTemporaryLockouts")
        lock_permanently = permanent and max_temporary == 0 and failures >= factor
        wait = 0
        if not lock_permanently and failures % factor == 0:
            wait = _int(realm, "waitIncrementSeconds") * (failures // factor)
            if permanent:
                lockouts += 1
                lock_permanently = lockouts > max_temporary
        if (
            not lock_permanently
            and wait == 0
            and last > 0
            and delta < _int(realm, "quickLoginCheckMilliSeconds")
        ):
            wait = _int(realm, "minimumQuickLoginWaitSeconds")
        changes: dict[str, Any] = {
            "num_failures": failures,
            "num_temporary_lockouts": lockouts,
            "last_failure": now,
            "last_ip_failure": ip,
        }
        if wait > 0 and not lock_permanently:
            wait = min(wait, _int(realm, "maxFailureWaitSeconds"))
            # Rounded up, so that a lockout never lasts less than its wait.
            changes["failed_login_not_before"] = -(-(now + wait * 1000) // 1000)
        await LoginFailure.filter(user_id=user.id).update(**changes)
        metrics.LOGIN_FAILURES.inc()
        if lock_permanently or "failed_login_not_before" in changes:
            metrics.LOCKOUTS.labels("permanent" if lock_permanently else "temporary").inc()
        if lock_permanently:
            await User.filter(id=user.id).update(enabled=False)
            user.enabled = False
            await UserAttribute.filter(user_id=user.id, name=DISABLED_REASON).delete()
            await UserAttribute.create(user_id=user.id, name=DISABLED_REASON, value=PERMANENT_LOCKOUT)
            await revoke_user_tokens(user.id)
    return True


class Admission(Enum):
    """What a login whose password was right meets: nothing, a lockout, or a disabled user."""

    ADMITTED = "admitted"
    LOCKED_OUT = "locked_out"
    DISABLED = "disabled"


async def admit(user_id: str) -> Admission:
    """The lockout decision for a right password, made under the same lock as the failures, after the
    password was verified: a lockout set while it was being verified still holds. An admitted login
    clears the user's failures."""
    async with in_transaction():
        rows = await raw.fetch(_LOCK, user_id)
        if rows and int(time.time()) < int(rows[0]["failed_login_not_before"]):
            return Admission.LOCKED_OUT
        if not await _enabled(user_id):
            return Admission.DISABLED
        if rows:
            await LoginFailure.filter(user_id=user_id).delete()
    return Admission.ADMITTED


@dataclass(frozen=True)
class BruteForceStatus:
    """A user's login failures: how many, whether the user is locked out now, and the last failure (its
    IP address and time in milliseconds; ``None`` and 0 when there was none)."""

    num_failures: int = 0
    disabled: bool = False
    last_ip_failure: str | None = None
    last_failure: int = 0


async def status(actor: Actor | None, realm_name: str, user_id: str) -> BruteForceStatus:
    """A user's brute-force status: the defaults when the user is unknown or never failed."""
    rights.require(actor, realm_name, "view-users")
    realm = await realm_by_name(realm_name)
    if not protected(realm):
        return BruteForceStatus()
    user = await User.get_or_none(id=user_id, realm_id=realm.id)
    if user is None:
        return BruteForceStatus()
    row = await LoginFailure.get_or_none(user_id=user.id)
    permanently = not user.enabled and await UserAttribute.exists(
        user_id=user.id, name=DISABLED_REASON, value=PERMANENT_LOCKOUT
    )
    if row is None:
        return BruteForceStatus(disabled=permanently)
    return BruteForceStatus(
        num_failures=row.num_failures,
        disabled=permanently or int(time.time()) < row.failed_login_not_before,
        last_ip_failure=row.last_ip_failure or None,
        last_failure=row.last_failure,
    )


async def _release(user_ids: list[str] | None, realm: Realm) -> None:
    """Re-enable users disabled by a permanent lockout."""
    locked = UserAttribute.filter(name=DISABLED_REASON, value=PERMANENT_LOCKOUT, user__realm_id=realm.id)
    if user_ids is not None:
        locked = locked.filter(user_id__in=user_ids)
    ids = list(await locked.values_list("user_id", flat=True))
    if ids:
        await User.filter(id__in=ids).update(enabled=True)
        await UserAttribute.filter(user_id__in=ids, name=DISABLED_REASON).delete()


async def clear_user(actor: Actor | None, realm_name: str, user_id: str) -> None:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    async with in_transaction():
        in_realm = await User.exists(id=user_id, realm_id=realm.id)
        removed = await LoginFailure.filter(user_id=user_id).delete() if in_realm else 0
        await _release([user_id], realm)
        if removed:
            await record_admin_event(
                realm, actor, "DELETE", "USER_LOGIN_FAILURE", f"attack-detection/brute-force/users/{user_id}"
            )


async def clear_all(actor: Actor | None, realm_name: str) -> None:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    async with in_transaction():
        ids = list(await LoginFailure.filter(user__realm_id=realm.id).values_list("user_id", flat=True))
        if ids:
            await LoginFailure.filter(user_id__in=ids).delete()
        await _release(None, realm)
        await record_admin_event(
            realm, actor, "DELETE", "USER_LOGIN_FAILURE", "attack-detection/brute-force/users"
        )
