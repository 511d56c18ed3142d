"""ORY access control policies: list, read, create or replace, delete."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

from core.acp import AcpPolicy as Policy
from core.acp import validate_policy
from core.errors import NotFound
from models import AcpPolicy as PolicyRow
from resolvers.acp.store import (
    DEFAULT_LIMIT,
    POLICY_COLUMNS,
    RESOURCE_TYPE,
    check_flavor,
    check_id,
    delete_row,
    invalidate,
    keto_realm_name,
    policy_of,
    policy_path,
    snapshot,
    version_name,
)
from resolvers.events.records import record_admin_event
from resolvers.kit import cache, rights
from resolvers.kit.actor import Actor
from resolvers.kit.lookup import realm_by_name, realm_id


@dataclass(frozen=True)
class PolicyInput:
    """A policy to create or replace; ``id`` None for a new UUID, as Keto does. ``conditions`` maps a
    condition's name to its ``{"type", "options"}``."""

    effect: str
    id: str | None = None
    description: str = ""
    subjects: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    conditions: Mapping[str, Any] = field(default_factory=dict)


def policy_representation(policy: Policy) -> dict[str, Any]:
    """The policy as admin events record it."""
    return {
        "id": policy.id,
        "description": policy.description,
        "subjects": list(policy.subjects),
        "resources": list(policy.resources),
        "actions": list(policy.actions),
        "effect": policy.effect,
        "conditions": {k: dict(v) for k, v in policy.conditions.items()},
    }


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
    name = keto_realm_name()
    rights.require(actor, name, "view-authorization")
    check_flavor(flavor)
    snap = await snapshot(await realm_id(name), flavor, fresh=True)
    found = [
        p
        for p in snap.policies.policies
        if (subject is None or subject in p.subjects)
        and (resource is None or resource in p.resources)
        and (action is None or action in p.actions)
    ]
    return found[offset : offset + limit], len(found)


async def get_policy(actor: Actor | None, flavor: str, policy_id: str) -> Policy:
    name = keto_realm_name()
    rights.require(actor, name, "view-authorization")
    check_flavor(flavor)
    rows = await PolicyRow.filter(realm_id=await realm_id(name), flavor=flavor, policy_id=policy_id).values(
        *POLICY_COLUMNS
    )
    if not rows:
        raise NotFound("Policy not found")
    return policy_of(rows[0])


async def upsert_policy(actor: Actor | None, flavor: str, policy_input: PolicyInput) -> Policy:
    """Create or replace the policy ``policy_input.id`` (a new UUID when absent)."""
    name = keto_realm_name()
    actor = rights.require(actor, name, "manage-authorization")
    check_flavor(flavor)
    # The engine validates every value (effect, patterns of the flavor, conditions) in its own words.
    policy = validate_policy(
        flavor,
        {
            "id": policy_input.id or str(uuid.uuid4()),
            "description": policy_input.description,
            "effect": policy_input.effect,
            "subjects": policy_input.subjects,
            "resources": policy_input.resources,
            "actions": policy_input.actions,
            "conditions": policy_input.conditions,
        },
    )
    check_id(policy.id, "id")
    realm = await realm_by_name(name)
    rep = policy_representation(policy)
    values = {k: rep[k] for k in ("description", "subjects", "resources", "actions", "effect", "conditions")}
    async with in_transaction():
        rows = PolicyRow.filter(realm_id=realm.id, flavor=flavor, policy_id=policy.id)
        updated = await rows.update(**values)
        if not updated:
            await PolicyRow.create(realm_id=realm.id, flavor=flavor, policy_id=policy.id, **values)
        await cache.bump(version_name(realm.id, flavor))
        await record_admin_event(
            realm,
            actor,
            "UPDATE" if updated else "CREATE",
            RESOURCE_TYPE,
            policy_path(flavor, policy.id),
            rep,
        )
    invalidate(realm.id, flavor)
    return policy


async def delete_policy(actor: Actor | None, flavor: str, policy_id: str) -> bool:
    """Delete a policy; whether it existed (Keto answers 204 either way)."""
    return await delete_row(
        actor, flavor, PolicyRow, {"policy_id": policy_id}, policy_path(flavor, policy_id)
    )
