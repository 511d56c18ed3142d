"""Required actions registered in a realm: list, read, update, delete, register, and their order."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core.errors import BadRequest
from models import RequiredAction
from resolvers.authentication import store
from resolvers.authentication.providers import REQUIRED_ACTION_PROVIDERS
from resolvers.authentication.views import RequiredActionFields
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.kit.unique import guard

REQUIRED_ACTION = "REQUIRED_ACTION"
_MISSING = "Failed to find required action"


async def list_actions(actor: Actor | None, realm_name: str) -> list[RequiredAction]:
    rights.require_one_of(actor, realm_name, "view-realm", "manage-users")
    return await store.actions_of(await lookup.realm_by_name(realm_name))


async def get_action(actor: Actor | None, realm_name: str, alias: str) -> RequiredAction:
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    return await store.action_by_alias(realm, alias, _MISSING)


async def update_action(
    actor: Actor | None, realm_name: str, alias: str, f: RequiredActionFields
) -> RequiredAction:
    """Every field as given (Keycloak's update takes the whole representation); the provider stays."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    action = await store.action_by_alias(realm, alias, _MISSING)
    action.alias = f.alias or action.alias
    action.name = f.name
    action.enabled, action.default_action = f.enabled, f.default_action
    action.priority, action.config = f.priority, dict(f.config)
    async with guard(f"Required action {action.alias} already exists"), in_transaction():
        await action.save()
        await record_admin_event(
            realm, actor, "UPDATE", REQUIRED_ACTION, f"authentication/required-actions/{alias}", f
        )
    return action


async def delete_action(actor: Actor | None, realm_name: str, alias: str) -> None:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    action = await store.action_by_alias(realm, alias)
    async with in_transaction():
        await action.delete()
        await record_admin_event(
            realm, actor, "DELETE", REQUIRED_ACTION, f"authentication/required-actions/{alias}"
        )


async def move_action(actor: Actor | None, realm_name: str, alias: str, *, up: bool) -> None:
    """Swap a required action's priority with its neighbour's (the one before it when ``up``)."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    action = await store.action_by_alias(realm, alias)
    actions = await store.actions_of(realm)
    at = next(i for i, a in enumerate(actions) if a.id == action.id)
    other_at = at - 1 if up else at + 1
    if other_at < 0 or other_at >= len(actions):
        return
    other = actions[other_at]
    action.priority, other.priority = other.priority, action.priority
    step = "raise-priority" if up else "lower-priority"
    async with in_transaction():
        await action.save(update_fields=["priority"])
        await other.save(update_fields=["priority"])
        await record_admin_event(
            realm, actor, "UPDATE", REQUIRED_ACTION, f"authentication/required-actions/{alias}/{step}"
        )


async def unregistered_actions(actor: Actor | None, realm_name: str) -> list[tuple[str, str]]:
    """The deployed required action providers the realm has not registered: (provider id, name)."""
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    have = {
        str(a.provider_id) for a in await RequiredAction.filter(realm_id=realm.id).only("id", "provider_id")
    }
    return [(pid, name) for pid, name in REQUIRED_ACTION_PROVIDERS.items() if pid not in have]


async def register_action(
    actor: Actor | None, realm_name: str, provider_id: str | None, name: str | None
) -> RequiredAction:
    """Register a deployed provider, enabled, not a default action, last in the order."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    if not provider_id or provider_id not in REQUIRED_ACTION_PROVIDERS:
        raise BadRequest("Required Action Provider with given providerId not found")
    actions = await store.actions_of(realm)
    action = RequiredAction(
        realm_id=realm.id,
        alias=provider_id,
        name=name,
        provider_id=provider_id,
        enabled=True,
        default_action=False,
        priority=actions[-1].priority + 1 if actions else 0,
    )
    async with guard(f"Required action {provider_id} already exists"), in_transaction():
        await action.save(force_create=True)
        await record_admin_event(
            realm,
            actor,
            "CREATE",
            REQUIRED_ACTION,
            "authentication/register-required-action",
            {"providerId": provider_id, "name": name, "id": action.id},
        )
    return action
