"""Finding a realm's flows, executions, configs and required actions (one wording per miss, Keycloak's),
the order Keycloak keeps them in, and the deep delete of a flow with everything beneath it."""

from __future__ import annotations

from core.errors import BadRequest, NotFound
from models import (
    AuthenticationExecution,
    AuthenticationFlow,
    AuthenticatorConfig,
    Client,
    Realm,
    RequiredAction,
)
from models.builtin_flows import FLOW_BINDINGS
from resolvers.realms.defaults import setting

OVERRIDES = "authenticationFlowBindingOverrides"


async def flow_by_id(
    realm: Realm, flow_id: str, missing: str = "Could not find flow with id"
) -> AuthenticationFlow:
    flow = await AuthenticationFlow.get_or_none(id=flow_id, realm_id=realm.id)
    if flow is None:
        raise NotFound(missing)
    return flow


async def flow_by_alias(realm: Realm, alias: str | None) -> AuthenticationFlow | None:
    if not alias:
        return None
    return await AuthenticationFlow.get_or_none(realm_id=realm.id, alias=alias)


async def execution_by_id(realm: Realm, execution_id: str) -> AuthenticationExecution:
    execution = await AuthenticationExecution.get_or_none(id=execution_id, realm_id=realm.id)
    if execution is None:
        raise NotFound("Illegal execution")
    return execution


async def config_by_id(realm: Realm, config_id: str) -> AuthenticatorConfig:
    config = await AuthenticatorConfig.get_or_none(id=config_id, realm_id=realm.id)
    if config is None:
        raise NotFound("Could not find authenticator config")
    return config


async def action_by_alias(
    realm: Realm, alias: str, missing: str = "Failed to find required action."
) -> RequiredAction:
    action = await RequiredAction.get_or_none(realm_id=realm.id, alias=alias)
    if action is None:
        raise NotFound(missing)
    return action


async def executions_of(flow_id: str) -> list[AuthenticationExecution]:
    """A flow's executions in Keycloak's order: by priority, then by id."""
    return await AuthenticationExecution.filter(parent_flow_id=flow_id).order_by("priority", "id")


async def actions_of(realm: Realm) -> list[RequiredAction]:
    """A realm's required actions in Keycloak's order: by priority, then by name."""
    return sorted(await RequiredAction.filter(realm_id=realm.id), key=lambda a: (a.priority, a.name or ""))


async def parent_of(realm: Realm, execution: AuthenticationExecution) -> AuthenticationFlow:
    flow = await AuthenticationFlow.get_or_none(id=execution.parent_flow_id, realm_id=realm.id)
    if flow is None:
        raise BadRequest("execution parent flow does not exist")
    return flow


def next_priority(executions: list[AuthenticationExecution]) -> int:
    return executions[-1].priority + 1 if executions else 0


async def flow_in_use(realm: Realm, flow: AuthenticationFlow) -> bool:
    """Whether a realm binding or a client's override names the flow (Keycloak's ``isFlowUsed``)."""
    if any(setting(realm.config, key) == flow.alias for key in FLOW_BINDINGS):
        return True
    for config in await Client.filter(realm_id=realm.id).values_list("config", flat=True):
        overrides = (config or {}).get(OVERRIDES) if isinstance(config, dict) else None
        if isinstance(overrides, dict) and flow.id in overrides.values():
            return True
    return False


async def delete_execution_deep(
    realm: Realm, execution: AuthenticationExecution, builtin_refusal: str
) -> None:
    """An execution, its authenticator config, and the sub-flow it runs with everything beneath it."""
    if execution.sub_flow_id:
        sub = await AuthenticationFlow.get_or_none(id=execution.sub_flow_id, realm_id=realm.id)
        if sub is not None:
            await delete_flow_deep(realm, sub, builtin_refusal)
    if execution.authenticator_config:
        await AuthenticatorConfig.filter(id=execution.authenticator_config, realm_id=realm.id).delete()
    await execution.delete()


async def delete_flow_deep(realm: Realm, flow: AuthenticationFlow, builtin_refusal: str) -> None:
    if flow.built_in:
        raise BadRequest(builtin_refusal)
    if await flow_in_use(realm, flow):
        raise BadRequest("Cannot remove authentication flow, it is currently in use")
    for execution in await executions_of(flow.id):
        await delete_execution_deep(realm, execution, builtin_refusal)
    await flow.delete()
