"""ORY Keto v0.5 access control policies and roles: storage, listing, and the cached decision path.

Policies and roles live in the realm the Keto dialect serves (``settings().keto_realm``), one namespace per
flavor (exact, glob, regex). Reads need ``view-authorization`` there, writes ``manage-authorization``.

Each (realm, flavor) keeps, in process, its compiled policy set and a map from member to role ids. The
snapshot carries the database version (``resolvers.cache``) read *before* loading it; writers bump the
version in their transaction, so every instance reloads after its next check (at most ``CHECK_EVERY``
seconds) and the writing instance drops its copy at once. Listing re-checks the version first, so a list
is never older than the last write on any instance.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from core.acp import FLAVORS, CompiledPolicySet, Decision, validate_policy
from core.acp import AcpPolicy as Policy
from core.errors import InvalidInput, NotFound
from core.runtime import settings
from models import AcpPolicy as PolicyRow
from models import AcpRole, AcpRoleMember, Realm, User
from resolvers.events.records import record_admin_event
from resolvers.kit import cache, rights
from resolvers.kit.actor import Actor
from resolvers.kit.lookup import realm_by_name, realm_id

RESOURCE_TYPE = "AUTHORIZATION"
CHECK_EVERY = 0.5
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_ID = 255


@dataclass(frozen=True)
class RoleView:
    """A role as every face shows it."""

    id: str
    flavor: str
    description: str
    members: tuple[str, ...]


# --- the in-process snapshot -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Snapshot:
    version: int
    checked: float
    policies: CompiledPolicySet
    roles_of: Mapping[str, tuple[str, ...]]


_snapshots: dict[tuple[str, str], _Snapshot] = {}
# Bumped by local writes after commit: a load that started before a local write never stores its result.
_generations: dict[tuple[str, str], int] = defaultdict(int)
_locks: dict[tuple[str, str], asyncio.Lock] = {}


def _version_name(realm_id: str, flavor: str) -> str:
    return f"acp:{realm_id}:{flavor}"


def _invalidate(realm_id: str, flavor: str) -> None:
    key = (realm_id, flavor)
    _generations[key] += 1
    _snapshots.pop(key, None)


def _policy_of(row: Mapping[str, Any]) -> Policy:
    return Policy(
        id=row["policy_id"],
        description=row["description"] or "",
        subjects=tuple(row["subjects"] or ()),
        resources=tuple(row["resources"] or ()),
        actions=tuple(row["actions"] or ()),
        effect=row["effect"],
        conditions=row["conditions"] or {},
    )


async def _load(realm_id: str, flavor: str) -> _Snapshot:
    version = await cache.current(_version_name(realm_id, flavor))
    rows = (
        await PolicyRow.filter(realm_id=realm_id, flavor=flavor)
        .order_by("id")
        .values("policy_id", "description", "subjects", "resources", "actions", "effect", "conditions")
    )
    # Compiling thousands of patterns into RE2 automata takes a while: keep it off the event loop.
    compiled = await asyncio.to_thread(CompiledPolicySet.compile, flavor, [_policy_of(r) for r in rows])
    members = (
        await AcpRoleMember.filter(role__realm_id=realm_id, role__flavor=flavor)
        .order_by("id")
        .values_list("member", "role__role_id")
    )
    roles_of: dict[str, list[str]] = defaultdict(list)
    for member, role_id in members:
        roles_of[member].append(role_id)
    return _Snapshot(version, time.monotonic(), compiled, {m: tuple(r) for m, r in roles_of.items()})


async def _snapshot(realm_id: str, flavor: str, *, fresh: bool = False) -> _Snapshot:
    """The compiled set of (realm, flavor); ``fresh`` checks the database version whatever the interval."""
    key = (realm_id, flavor)
    snap = _snapshots.get(key)
    if snap is not None:
        now = time.monotonic()
        if not fresh and now - snap.checked < CHECK_EVERY:
            return snap
        if await cache.current(_version_name(realm_id, flavor)) == snap.version:
            if _snapshots.get(key) is snap:
                _snapshots[key] = _Snapshot(snap.version, now, snap.policies, snap.roles_of)
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


# --- helpers -------------------------------------------------------------------------------------------


def _realm_name() -> str:
    return settings().keto_realm


def _check_flavor(flavor: str) -> str:
    if flavor not in FLAVORS:
        raise NotFound(f"Unknown flavor {flavor!r}; expected one of {', '.join(FLAVORS)}")
    return flavor


async def _realm_id(name: str) -> str:
    return await realm_id(name)


def _check_id(value: str, name: str) -> str:
    if len(value) > MAX_ID:
        raise InvalidInput(f"{name} must be at most {MAX_ID} characters", field=name)
    return value


def _string_list(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(f"{name} must be a list of strings", field=name)
    for item in value:
        _check_id(item, name)
    return list(dict.fromkeys(value))


def policy_representation(policy: Policy) -> dict[str, Any]:
    return {
        "id": policy.id,
        "description": policy.description,
        "subjects": list(policy.subjects),
        "resources": list(policy.resources),
        "actions": list(policy.actions),
        "effect": policy.effect,
        "conditions": {k: dict(v) for k, v in policy.conditions.items()},
    }


def _role_view(role: AcpRole, members: Sequence[str]) -> RoleView:
    return RoleView(
        id=role.role_id, flavor=role.flavor, description=role.description or "", members=tuple(members)
    )


async def _role_views(roles: Sequence[AcpRole]) -> list[RoleView]:
    """Roles with their members, in one query for all of them."""
    by_role: dict[int, list[str]] = defaultdict(list)
    if roles:
        rows = (
            await AcpRoleMember.filter(role_id__in=[r.id for r in roles])
            .order_by("id")
            .values_list("role_id", "member")
        )
        for role_pk, member in rows:
            by_role[role_pk].append(member)
    return [_role_view(r, by_role[r.id]) for r in roles]


def _role_path(flavor: str, role_id: str) -> str:
    return f"engines/acp/ory/{flavor}/roles/{role_id}"


def _policy_path(flavor: str, policy_id: str) -> str:
    return f"engines/acp/ory/{flavor}/policies/{policy_id}"


# --- decisions -----------------------------------------------------------------------------------------


async def allowed(
    actor: Actor | None, flavor: str, subject: str, resource: str, action: str, context: Mapping[str, Any]
) -> Decision:
    """Decide an access request with the flavor's compiled set and the subject's roles."""
    realm_name = _realm_name()
    rights.require(actor, realm_name, "view-authorization")
    _check_flavor(flavor)
    snap = await _snapshot(await _realm_id(realm_name), flavor)
    roles = snap.roles_of.get(subject, ()) if isinstance(subject, str) else ()
    return snap.policies.decide(subject, resource, action, context, roles)


# --- policies ------------------------------------------------------------------------------------------


async def list_policies(
    actor: Actor | None,
    flavor: str,
    *,
    subject: str | None = None,
    resource: str | None = None,
    action: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> tuple[list[Policy], int]:
    """Policies in storage order whose subjects, resources and actions contain the given values verbatim
    (Keto filters by the stored strings, not by pattern matching), the page and the total count."""
    realm_name = _realm_name()
    rights.require(actor, realm_name, "view-authorization")
    _check_flavor(flavor)
    snap = await _snapshot(await _realm_id(realm_name), flavor, fresh=True)
    found = [
        p
        for p in snap.policies.policies
        if (subject is None or subject in p.subjects)
        and (resource is None or resource in p.resources)
        and (action is None or action in p.actions)
    ]
    return found[offset : offset + limit], len(found)


async def get_policy(actor: Actor | None, flavor: str, policy_id: str) -> Policy:
    realm_name = _realm_name()
    rights.require(actor, realm_name, "view-authorization")
    _check_flavor(flavor)
    realm_id = await _realm_id(realm_name)
    rows = await PolicyRow.filter(realm_id=realm_id, flavor=flavor, policy_id=policy_id).values(
        "policy_id", "description", "subjects", "resources", "actions", "effect", "conditions"
    )
    if not rows:
        raise NotFound("Policy not found")
    return _policy_of(rows[0])


async def upsert_policy(actor: Actor | None, flavor: str, doc: Mapping[str, Any]) -> Policy:
    """Create or replace the policy ``doc["id"]`` (a new UUID when absent, as Keto does)."""
    realm_name = _realm_name()
    actor = rights.require(actor, realm_name, "manage-authorization")
    _check_flavor(flavor)
    if not isinstance(doc, Mapping):
        raise InvalidInput("a policy must be an object", field="policy")
    if doc.get("id") in (None, ""):
        doc = {**doc, "id": str(uuid.uuid4())}
    policy = validate_policy(flavor, doc)
    _check_id(policy.id, "id")
    realm = await realm_by_name(realm_name)
    rep = policy_representation(policy)
    values = {k: rep[k] for k in ("description", "subjects", "resources", "actions", "effect", "conditions")}
    async with in_transaction():
        rows = PolicyRow.filter(realm_id=realm.id, flavor=flavor, policy_id=policy.id)
        updated = await rows.update(**values)
        if not updated:
            await PolicyRow.create(realm_id=realm.id, flavor=flavor, policy_id=policy.id, **values)
        await cache.bump(_version_name(realm.id, flavor))
        await record_admin_event(
            realm,
            actor,
            "UPDATE" if updated else "CREATE",
            RESOURCE_TYPE,
            _policy_path(flavor, policy.id),
            rep,
        )
    _invalidate(realm.id, flavor)
    return policy


async def delete_policy(actor: Actor | None, flavor: str, policy_id: str) -> bool:
    """Delete a policy; whether it existed (Keto answers 204 either way)."""
    return await _delete(actor, flavor, PolicyRow, {"policy_id": policy_id}, _policy_path(flavor, policy_id))


# --- roles ---------------------------------------------------------------------------------------------


async def list_roles(
    actor: Actor | None,
    flavor: str,
    *,
    member: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> list[RoleView]:
    """Roles in storage order, those having ``member`` among their members when given."""
    realm_name = _realm_name()
    rights.require(actor, realm_name, "view-authorization")
    _check_flavor(flavor)
    realm_id = await _realm_id(realm_name)
    qs = AcpRole.filter(realm_id=realm_id, flavor=flavor)
    if member is not None:
        qs = qs.filter(id__in=Subquery(AcpRoleMember.filter(member=member).values("role_id")))
    return await _role_views(await qs.order_by("id").offset(offset).limit(limit))


async def _role_row(realm_id: str, flavor: str, role_id: str) -> AcpRole:
    role = await AcpRole.get_or_none(realm_id=realm_id, flavor=flavor, role_id=role_id)
    if role is None:
        raise NotFound("Role not found")
    return role


async def get_role(actor: Actor | None, flavor: str, role_id: str) -> RoleView:
    realm_name = _realm_name()
    rights.require(actor, realm_name, "view-authorization")
    _check_flavor(flavor)
    role = await _role_row(await _realm_id(realm_name), flavor, role_id)
    return (await _role_views([role]))[0]


async def _write_role(
    actor: Actor,
    realm: Realm,
    flavor: str,
    role_id: str,
    *,
    replace: Sequence[str] | None = None,
    add: Sequence[str] = (),
    remove: str | None = None,
    description: str | None = None,
    must_exist: bool = False,
) -> RoleView:
    """The one write path of roles: create when missing (unless ``must_exist``), then set, add or remove
    members, bump the flavor's version and record the event, all in one transaction."""
    async with in_transaction():
        role = await AcpRole.get_or_none(realm_id=realm.id, flavor=flavor, role_id=role_id)
        operation = "UPDATE"
        if role is None:
            if must_exist:
                raise NotFound("Role not found")
            role = await AcpRole.create(
                realm_id=realm.id, flavor=flavor, role_id=role_id, description=description or ""
            )
            operation = "CREATE"
        elif description is not None and description != role.description:
            role.description = description
            await role.save(update_fields=["description"])
        existing = list(
            await AcpRoleMember.filter(role_id=role.id).order_by("id").values_list("member", flat=True)
        )
        if replace is not None:
            stale = [m for m in existing if m not in set(replace)]
            if stale:
                await AcpRoleMember.filter(role_id=role.id, member__in=stale).delete()
            existing = [m for m in existing if m not in set(stale)]
            add = replace
        if remove is not None:
            await AcpRoleMember.filter(role_id=role.id, member=remove).delete()
            existing = [m for m in existing if m != remove]
        new = [m for m in dict.fromkeys(add) if m not in set(existing)]
        if new:
            await AcpRoleMember.bulk_create([AcpRoleMember(role_id=role.id, member=m) for m in new])
        view = _role_view(role, existing + new)
        await cache.bump(_version_name(realm.id, flavor))
        rep = {"id": view.id, "description": view.description, "members": list(view.members)}
        await record_admin_event(realm, actor, operation, RESOURCE_TYPE, _role_path(flavor, role_id), rep)
    _invalidate(realm.id, flavor)
    return view


async def upsert_role(actor: Actor | None, flavor: str, doc: Mapping[str, Any]) -> RoleView:
    """Create or replace a role: its members become exactly ``doc["members"]``."""
    realm_name = _realm_name()
    actor = rights.require(actor, realm_name, "manage-authorization")
    _check_flavor(flavor)
    if not isinstance(doc, Mapping):
        raise InvalidInput("a role must be an object", field="role")
    role_id = doc.get("id")
    if role_id in (None, ""):
        role_id = str(uuid.uuid4())
    if not isinstance(role_id, str):
        raise InvalidInput("id must be a string", field="id")
    _check_id(role_id, "id")
    description = doc.get("description")
    if description is not None and not isinstance(description, str):
        raise InvalidInput("description must be a string", field="description")
    members = _string_list(doc.get("members"), "members")
    realm = await realm_by_name(realm_name)
    return await _write_role(actor, realm, flavor, role_id, replace=members, description=description or "")


async def role_members_add(actor: Actor | None, flavor: str, role_id: str, members: Any) -> RoleView:
    """Add members to a role, creating the role when it does not exist (as Keto does)."""
    realm_name = _realm_name()
    actor = rights.require(actor, realm_name, "manage-authorization")
    _check_flavor(flavor)
    _check_id(role_id, "id")
    added = _string_list(members, "members")
    realm = await realm_by_name(realm_name)
    return await _write_role(actor, realm, flavor, role_id, add=added)


async def role_member_remove(actor: Actor | None, flavor: str, role_id: str, member: str) -> RoleView:
    realm_name = _realm_name()
    actor = rights.require(actor, realm_name, "manage-authorization")
    _check_flavor(flavor)
    realm = await realm_by_name(realm_name)
    return await _write_role(actor, realm, flavor, role_id, remove=member, must_exist=True)


async def delete_role(actor: Actor | None, flavor: str, role_id: str) -> bool:
    """Delete a role and its memberships; whether it existed (Keto answers 204 either way)."""
    return await _delete(actor, flavor, AcpRole, {"role_id": role_id}, _role_path(flavor, role_id))


async def _delete(actor: Actor | None, flavor: str, model: Any, key: dict[str, str], path: str) -> bool:
    """Delete one policy or role row; a deletion bumps the flavor's version and is recorded, in one
    transaction, and drops this instance's compiled set at once."""
    realm_name = _realm_name()
    actor = rights.require(actor, realm_name, "manage-authorization")
    _check_flavor(flavor)
    realm = await realm_by_name(realm_name)
    async with in_transaction():
        deleted = await model.filter(realm_id=realm.id, flavor=flavor, **key).delete()
        if deleted:
            await cache.bump(_version_name(realm.id, flavor))
            await record_admin_event(realm, actor, "DELETE", RESOURCE_TYPE, path)
    if deleted:
        _invalidate(realm.id, flavor)
    return bool(deleted)


async def roles_of_user(actor: Actor | None, realm_name: str, user_id: str) -> list[RoleView]:
    """The ACP roles, of every flavor, having the user (by username or id) among their members."""
    keto_realm = _realm_name()
    rights.require(actor, realm_name, "view-users")
    rights.require(actor, keto_realm, "view-authorization")
    realm = await realm_by_name(realm_name)
    found = await User.filter(id=user_id, realm_id=realm.id).values_list("id", "username")
    if not found:
        raise NotFound("User not found")
    keto_realm_id = await _realm_id(keto_realm)
    names = list(dict.fromkeys([str(found[0][1]), str(found[0][0])]))
    roles = await AcpRole.filter(
        realm_id=keto_realm_id, id__in=Subquery(AcpRoleMember.filter(member__in=names).values("role_id"))
    ).order_by("flavor", "id")
    return await _role_views(roles)
