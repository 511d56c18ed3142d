"""Access decisions: the flavor's compiled policy set and the subject's roles, read from memory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.acp import Decision
from resolvers.acp.store import check_flavor, keto_realm_name, snapshot
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.kit.lookup import realm_id


async def allowed(
    actor: Actor | None, flavor: str, subject: str, resource: str, action: str, context: Mapping[str, Any]
) -> Decision:
    """Decide an access request with the flavor's compiled set and the subject's roles."""
    name = keto_realm_name()
    rights.require(actor, name, "view-authorization")
    check_flavor(flavor)
    snap = await snapshot(await realm_id(name), flavor)
    roles = snap.roles_of.get(subject, ()) if isinstance(subject, str) else ()
    return snap.policies.decide(subject, resource, action, context, roles)
