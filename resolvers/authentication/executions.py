"""A flow's executions: the flattened tree Keycloak's ``getExecutions`` builds, requirement changes, new
authenticators and sub-flows, priorities, deletion, and an execution's config."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core.errors import BadRequest, Conflict, InvalidInput, NotFound
from models import AuthenticationExecution, AuthenticationFlow, AuthenticatorConfig, Realm
from resolvers.authentication import providers, store
from resolvers.authentication.flows import check_alias, flow_views, rename
from resolvers.authentication.providers import DISABLED, REQUIREMENTS
from resolvers.authentication.views import (
    ConfigFields,
    ExecutionChange,
    ExecutionFields,
    ExecutionInfo,
    FlowView,
)
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event

AUTH_EXECUTION = "AUTH_EXECUTION"
_FLOW_CHOICES = {
    "basic-flow": ["REQUIRED", "ALTERNATIVE", "DISABLED", "CONDITIONAL"],
    "form-flow": ["REQUIRED", "DISABLED"],
    "client-flow": ["ALTERNATIVE", "REQUIRED", "DISABLED"],
}


async def _tree(realm: Realm, flow: AuthenticationFlow, level: int, rows: list[ExecutionInfo]) -> None:
    for index, e in enumerate(await store.executions_of(flow.id)):
        if e.authenticator_flow:
            sub = await AuthenticationFlow.get_or_none(id=e.sub_flow_id, realm_id=realm.id)
            if sub is None:
                raise NotFound("Could not find flow with id")
            form = sub.provider_id == "form-flow"
            rows.append(
                ExecutionInfo(
                    id=e.id,
                    requirement=e.requirement,
                    display_name=sub.alias,
                    requirement_choices=list(_FLOW_CHOICES.get(sub.provider_id, [])),
                    configurable=False,
                    level=level,
                    index=index,
                    priority=e.priority,
                    authentication_flow=True,
                    provider_id=e.authenticator if form else None,
                    description=sub.description,
                    authentication_config=e.authenticator_config if form else None,
                    flow_id=sub.id,
                )
            )
            await _tree(realm, sub, level + 1, rows)
            continue
        provider = providers.find(e.authenticator)
        if provider is None:
            raise NotFound("Could not find authenticator provider")
        alias = None
        if provider.configurable and e.authenticator_config:
            config = await AuthenticatorConfig.get_or_none(id=e.authenticator_config)
            alias = config.alias if config else None
        rows.append(
            ExecutionInfo(
                id=e.id,
                requirement=e.requirement,
                display_name=provider.display_name,
                requirement_choices=list(provider.choices),
                configurable=provider.configurable,
                level=level,
                index=index,
                priority=e.priority,
                provider_id=e.authenticator,
                alias=alias,
                authentication_config=e.authenticator_config,
            )
        )


async def list_executions(actor: Actor | None, realm_name: str, flow_alias: str) -> list[ExecutionInfo]:
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    flow = await store.flow_by_alias(realm, flow_alias)
    if flow is None:
        raise NotFound("Flow not found")
    rows: list[ExecutionInfo] = []
    await _tree(realm, flow, 0, rows)
    return rows


async def update_execution(
    actor: Actor | None, realm_name: str, flow_alias: str, change: ExecutionChange
) -> FlowView:
    """A requirement change, or else a sub-flow's new alias and description (what the admin console's
    executions table edits)."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    flow = await store.flow_by_alias(realm, flow_alias)
    if flow is None:
        raise NotFound("flow not found")
    execution = await store.execution_by_id(realm, change.id)
    path = f"authentication/flows/{flow_alias}/executions"
    if change.requirement is not None and change.requirement != execution.requirement:
        if change.requirement not in REQUIREMENTS:
            raise InvalidInput(f"Unknown requirement {change.requirement}", field="requirement")
        execution.requirement = change.requirement
        async with in_transaction():
            await execution.save(update_fields=["requirement"])
            await record_admin_event(realm, actor, "UPDATE", AUTH_EXECUTION, path, change)
        return (await flow_views(realm, [flow]))[0]
    if change.authentication_flow is None:
        return (await flow_views(realm, [flow]))[0]
    sub = await AuthenticationFlow.get_or_none(id=change.flow_id or "", realm_id=realm.id)
    if sub is None:
        raise NotFound("Illegal execution")
    alias = change.display_name if change.display_name is not None else sub.alias
    if alias != sub.alias and await store.flow_by_alias(realm, alias):
        raise Conflict("Flow alias name already exists")
    if not alias:
        raise InvalidInput("Failed to update flow with empty alias name", field="displayName")
    async with in_transaction():
        await rename(
            realm, sub, alias, change.description if change.description is not None else sub.description
        )
        await record_admin_event(realm, actor, "UPDATE", AUTH_EXECUTION, path, change)
    return (await flow_views(realm, [flow]))[0]


def _provider_for(parent: AuthenticationFlow, provider_id: str | None) -> providers.Provider:
    """The provider an execution of ``parent`` may run: a client authenticator in a client flow, a form
    action in a form flow, an authenticator elsewhere."""
    kind = {"client-flow": "client", "form-flow": "form-action"}.get(parent.provider_id, "authenticator")
    provider = providers.find(provider_id)
    if provider is None or provider.kind != kind:
        raise BadRequest(f"No authentication provider found for id: {provider_id}")
    return provider


async def _parent_for_adding(realm: Realm, alias: str, what: str) -> AuthenticationFlow:
    parent = await store.flow_by_alias(realm, alias)
    if parent is None:
        raise BadRequest("Parent flow doesn't exist")
    if parent.built_in:
        raise BadRequest(f"It is illegal to add {what} to a built in flow")
    return parent


async def add_authenticator(
    actor: Actor | None, realm_name: str, flow_alias: str, provider_id: str | None
) -> AuthenticationExecution:
    """A new execution running ``provider_id`` last in the flow: of the only requirement the provider
    allows, or disabled."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    parent = await _parent_for_adding(realm, flow_alias, "execution")
    provider = _provider_for(parent, provider_id)
    execution = AuthenticationExecution(
        realm_id=realm.id,
        parent_flow_id=parent.id,
        authenticator=provider.id,
        authenticator_flow=False,
        requirement=provider.choices[0] if len(provider.choices) == 1 else DISABLED,
        priority=store.next_priority(await store.executions_of(parent.id)),
    )
    async with in_transaction():
        await execution.save(force_create=True)
        await record_admin_event(
            realm,
            actor,
            "CREATE",
            AUTH_EXECUTION,
            f"authentication/flows/{flow_alias}/executions/execution",
            {"provider": provider.id, "id": execution.id},
        )
    return execution


async def add_subflow(
    actor: Actor | None,
    realm_name: str,
    flow_alias: str,
    alias: str | None,
    flow_type: str | None,
    provider_id: str | None,
    description: str | None,
) -> AuthenticationFlow:
    """A new sub-flow, disabled, last in the flow; a form flow runs its form (``provider``)."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    parent = await _parent_for_adding(realm, flow_alias, "sub-flow")
    if not alias:
        raise InvalidInput("Failed to create flow with empty alias name", field="alias")
    if await store.flow_by_alias(realm, alias):
        raise Conflict("New flow alias name already exists")
    check_alias(alias)
    flow_type = flow_type or "basic-flow"
    if flow_type not in ("basic-flow", "form-flow"):
        raise InvalidInput(f"Unknown flow type {flow_type}", field="type")
    form = flow_type == "form-flow"
    if form and (providers.find(provider_id) is None or providers.find(provider_id).kind != "form"):  # type: ignore[union-attr]
        raise BadRequest(f"No authentication provider found for id: {provider_id}")
    priority = store.next_priority(await store.executions_of(parent.id))
    async with in_transaction():
        sub = await AuthenticationFlow.create(
            realm_id=realm.id, alias=alias, description=description or "", provider_id=flow_type
        )
        execution = await AuthenticationExecution.create(
            realm_id=realm.id,
            parent_flow_id=parent.id,
            authenticator=provider_id if form else None,
            authenticator_flow=True,
            sub_flow_id=sub.id,
            requirement=DISABLED,
            priority=priority,
        )
        rep = {"alias": alias, "type": flow_type, "provider": provider_id, "description": description or ""}
        await record_admin_event(
            realm,
            actor,
            "CREATE",
            "AUTH_EXECUTION_FLOW",
            f"authentication/flows/{flow_alias}/executions/flow",
            {**{k: v for k, v in rep.items() if v is not None}, "id": execution.id},
        )
    return sub


async def create_execution(
    actor: Actor | None, realm_name: str, f: ExecutionFields
) -> AuthenticationExecution:
    """``POST /executions``: an execution described in full (its parent flow by id)."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    if not f.parent_flow:
        raise BadRequest("parent flow not set on new execution")
    parent = await AuthenticationFlow.get_or_none(id=f.parent_flow, realm_id=realm.id)
    if parent is None:
        raise BadRequest("execution parent flow does not exist")
    if parent.built_in:
        raise BadRequest("It is illegal to add execution to a built in flow")
    requirement = f.requirement or DISABLED
    if requirement not in REQUIREMENTS:
        raise InvalidInput(f"Unknown requirement {requirement}", field="requirement")
    if f.authenticator_flow:
        if not f.flow_id or not await AuthenticationFlow.filter(id=f.flow_id, realm_id=realm.id).exists():
            raise BadRequest("execution flow does not exist")
    else:
        _provider_for(parent, f.authenticator)
    if (
        f.authenticator_config
        and not await AuthenticatorConfig.filter(id=f.authenticator_config, realm_id=realm.id).exists()
    ):
        raise BadRequest("execution config does not exist")
    execution = AuthenticationExecution(
        realm_id=realm.id,
        parent_flow_id=parent.id,
        authenticator=f.authenticator,
        authenticator_flow=f.authenticator_flow,
        sub_flow_id=f.flow_id if f.authenticator_flow else None,
        requirement=requirement,
        priority=store.next_priority(await store.executions_of(parent.id)),
        authenticator_config=f.authenticator_config,
    )
    async with in_transaction():
        await execution.save(force_create=True)
        await record_admin_event(
            realm, actor, "CREATE", AUTH_EXECUTION, f"authentication/executions/{execution.id}", f
        )
    return execution


async def get_execution(actor: Actor | None, realm_name: str, execution_id: str) -> AuthenticationExecution:
    rights.require(actor, realm_name, "manage-realm")  # as Keycloak: reading one execution is a manager's
    realm = await lookup.realm_by_name(realm_name)
    return await store.execution_by_id(realm, execution_id)


async def delete_execution(actor: Actor | None, realm_name: str, execution_id: str) -> None:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    execution = await store.execution_by_id(realm, execution_id)
    parent = await store.parent_of(realm, execution)
    refusal = "It is illegal to remove execution from a built in flow"
    if parent.built_in:
        raise BadRequest(refusal)
    async with in_transaction():
        await store.delete_execution_deep(realm, execution, refusal)
        await record_admin_event(
            realm, actor, "DELETE", AUTH_EXECUTION, f"authentication/executions/{execution_id}"
        )


async def move_execution(actor: Actor | None, realm_name: str, execution_id: str, *, up: bool) -> None:
    """Swap an execution's priority with its neighbour's (the one before it when ``up``)."""
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await lookup.realm_by_name(realm_name)
    execution = await store.execution_by_id(realm, execution_id)
    parent = await store.parent_of(realm, execution)
    if parent.built_in:
        raise BadRequest("It is illegal to modify execution in a built in flow")
    siblings = await store.executions_of(parent.id)
    at = next(i for i, e in enumerate(siblings) if e.id == execution.id)
    other_at = at - 1 if up else at + 1
    if other_at < 0 or other_at >= len(siblings):
        return
    other = siblings[other_at]
    execution.priority, other.priority = other.priority, execution.priority
    action = "raise-priority" if up else "lower-priority"
    async with in_transaction():
        await execution.save(update_fields=["priority"])
        await other.save(update_fields=["priority"])
        await record_admin_event(
            realm, actor, "UPDATE", AUTH_EXECUTION, f"authentication/executions/{execution_id}/{action}"
        )


async def add_execution_config(
    actor: Actor | None, realm_name: str, execution_id: str, f: ConfigFields
) -> AuthenticatorConfig:
    actor = rights.require(actor, realm_name, "manage-realm")
    check_alias(f.alias)
    realm = await lookup.realm_by_name(realm_name)
    execution = await store.execution_by_id(realm, execution_id)
    if f.alias is None:
        raise InvalidInput("Alias missing", field="alias")
    config = AuthenticatorConfig(realm_id=realm.id, alias=f.alias, config=_config_values(f.config))
    f.config_id = config.id
    async with in_transaction():
        await config.save(force_create=True)
        execution.authenticator_config = config.id
        await execution.save(update_fields=["authenticator_config"])
        await record_admin_event(
            realm, actor, "CREATE", AUTH_EXECUTION, f"authentication/executions/{execution_id}/config", f
        )
    return config


def _config_values(config: dict[str, str]) -> dict[str, str]:
    """Keycloak drops the settings given as empty strings (``removeEmptyString``)."""
    return {k: v for k, v in config.items() if v != ""}
