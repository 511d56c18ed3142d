"""Where ORY Keto v0.5 policies and roles live, and the in-process snapshot decisions read.

Policies and roles live in the realm the Keto dialect serves (``settings().keto_realm``), one namespace per
flavor (exact, glob, regex). Reads need ``view-authorization`` there, writes ``manage-authorization``.

Each (realm, flavor) keeps, in process, its compiled policy set and a map from member to role ids. The
snapshot carries the database version (``resolvers.kit.cache``) read *before* loading it; writers bump the
version in their transaction, so every instance reloads after its next check (at most ``CHECK_EVERY``
seconds) and the writing instance drops its copy at once. Listing re-checks the version first, so a list
is never older than the last write on any instance.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tortoise.models import Model
from tortoise.transactions import in_transaction

from core.acp import FLAVORS, CompiledPolicySet
from core.acp import AcpPolicy as Policy
from core.errors import InvalidInput, NotFound
from core.runtime import settings
from models import AcpPolicy as PolicyRow
from models import AcpRoleMember
from resolvers.events.records import record_admin_event
from resolvers.kit import cache, rights
from resolvers.kit.actor import Actor
from resolvers.kit.lookup import realm_by_name

RESOURCE_TYPE = "AUTHORIZATION"
CHECK_EVERY = 0.5
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_ID = 255
POLICY_COLUMNS = ("policy_id", "description", "subjects", "resources", "actions", "effect", "conditions")


def keto_realm_name() -> str:
    return settings().keto_realm


def check_flavor(flavor: str) -> str:
    if flavor not in FLAVORS:
        raise NotFound(f"Unknown flavor {flavor!r}; expected one of {', '.join(FLAVORS)}")
    return flavor


def check_id(value: str, name: str) -> str:
    if len(value) > MAX_ID:
        raise InvalidInput(f"{name} must be at most {MAX_ID} characters", field=name)
    return value


def policy_path(flavor: str, policy_id: str) -> str:
    return f"engines/acp/ory/{flavor}/policies/{policy_id}"


def role_path(flavor: str, role_id: str) -> str:
    return f"engines/acp/ory/{flavor}/roles/{role_id}"


def policy_of(row: Mapping[str, Any]) -> Policy:
    """A stored policy row (``POLICY_COLUMNS``) as the engine's policy."""
    return Policy(
        id=row["policy_id"],
        description=row["description"] or "",
        subjects=tuple(row["subjects"] or ()),
        resources=tuple(row["resources"] or ()),
        actions=tuple(row["actions"] or ()),
        effect=row["effect"],
        conditions=row["conditions"] or {},
    )


# --- the in-process snapshot -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    version: int
    checked: float
    policies: CompiledPolicySet
    roles_of: Mapping[str, tuple[str, ...]]


_snapshots: dict[tuple[str, str], Snapshot] = {}
# Bumped by local writes after commit: a load that started before a local write never stores its result.
_generations: dict[tuple[str, str], int] = defaultdict(int)
_locks: dict[tuple[str, str], asyncio.Lock] = {}


def version_name(realm_id: str, flavor: str) -> str:
    return f"acp:{realm_id}:{flavor}"


def invalidate(realm_id: str, flavor: str) -> None:
    """Drop this instance's snapshot after a local write has committed."""
    key = (realm_id, flavor)
    _generations[key] += 1
    _snapshots.pop(key, None)


async def _load(realm_id: str, flavor: str) -> Snapshot:
    version = await cache.current(version_name(realm_id, flavor))
    rows = await PolicyRow.filter(realm_id=realm_id, flavor=flavor).order_by("id").values(*POLICY_COLUMNS)
    # Compiling thousands of patterns into RE2 automata takes a while: keep it off the event loop.
    compiled = await asyncio.to_thread(CompiledPolicySet.compile, flavor, [policy_of(r) for r in rows])
    members = (
        await AcpRoleMember.filter(role__realm_id=realm_id, role__flavor=flavor)
        .order_by("id")
        .values_list("member", "role__role_id")
    )
    roles_of: dict[str, list[str]] = defaultdict(list)
    for member, role_id in members:
        roles_of[str(member)].append(str(role_id))
    return Snapshot(version, time.monotonic(), compiled, {m: tuple(r) for m, r in roles_of.items()})


async def snapshot(realm_id: str, flavor: str, *, fresh: bool = False) -> Snapshot:
    """The compiled set of (realm, flavor); ``fresh`` checks the database version whatever the interval."""
    key = (realm_id, flavor)
    snap = _snapshots.get(key)
    if snap is not None:
        now = time.monotonic()
        if not fresh and now - snap.checked < CHECK_EVERY:
            return snap
        if await cache.current(version_name(realm_id, flavor)) == snap.version:
            if _snapshots.get(key) is snap:
                _snapshots[key] = Snapshot(snap.version, now, snap.policies, snap.roles_of)
            return snap
    lock = _locks.setdefault(key, asyncio.Lock())
    async with lock:
        current = _snapshots.get(key)
        if current is not None and current is not snap:
            return current  # another request loaded it while this one waited
        generation = _generations[key]
        loaded = await _load(realm_id, flavor)
        if _generations[key] == generation:
            _snapshots[key] = loaded
        return loaded


# --- the one delete path ---------------------------------------------------------------------------------


async def delete_row(
    actor: Actor | None, flavor: str, model: type[Model], key: dict[str, str], path: str
) -> bool:
    """Delete one policy or role row; a deletion bumps the flavor's version and is recorded, in one
    transaction, and drops this instance's compiled set at once. Whether the row existed."""
    name = keto_realm_name()
    actor = rights.require(actor, name, "manage-authorization")
    check_flavor(flavor)
    realm = await realm_by_name(name)
    async with in_transaction():
        deleted = await model.filter(realm_id=realm.id, flavor=flavor, **key).delete()
        if deleted:
            await cache.bump(version_name(realm.id, flavor))
            await record_admin_event(realm, actor, "DELETE", RESOURCE_TYPE, path)
    if deleted:
        invalidate(realm.id, flavor)
    return bool(deleted)
