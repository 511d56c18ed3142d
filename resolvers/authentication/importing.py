"""What a realm export brings of authentication: its flows with their executions, authenticator configs
and required actions, as Keycloak's ``importAuthenticationFlows`` and ``importRequiredActions`` keep them;
the realm's flow bindings and the clients' overrides must name real flows. Runs inside the creating
transaction, after the realm was seeded with the built-in flows and its clients were created."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tortoise import connections

from core.errors import InvalidInput
from models import (
    AuthenticationExecution,
    AuthenticationFlow,
    AuthenticatorConfig,
    Client,
    Realm,
    RequiredAction,
)
from models.base import new_id
from models.builtin_flows import FLOW_BINDINGS, seed_builtin_flows
from resolvers.authentication.providers import REQUIREMENTS
from resolvers.authentication.store import OVERRIDES
from resolvers.authentication.views import ConfigFields, RequiredActionFields
from resolvers.realms.defaults import setting

# Form actions Keycloak 24 no longer deploys, dropped from older exports as its migration drops them.
_RETIRED = frozenset({"registration-profile-action"})


@dataclass
class ExecutionImport:
    authenticator: str | None = None
    flow_alias: str | None = None
    authenticator_flow: bool = False
    requirement: str = "DISABLED"
    priority: int = 0
    config_alias: str | None = None


@dataclass
class FlowImport:
    alias: str
    flow_id: str | None = None
    description: str | None = None
    provider_id: str = "basic-flow"
    top_level: bool = False
    built_in: bool = False
    executions: list[ExecutionImport] = field(default_factory=list)


@dataclass
class AuthenticationImport:
    """``None`` for a part the export does not hold (the realm keeps the built-in ones)."""

    flows: list[FlowImport] | None = None
    configs: list[ConfigFields] = field(default_factory=list)
    required_actions: list[RequiredActionFields] | None = None
    action_providers: dict[str, str] = field(default_factory=dict)
    """Required action alias -> provider id."""


async def _free_id(model: type[AuthenticationFlow] | type[AuthenticatorConfig], wanted: str | None) -> str:
    """The exported id when no row holds it yet (ids are global; another realm may carry the same export)."""
    if wanted and not await model.filter(id=wanted).exists():
        return wanted
    return new_id()


async def _flows(realm: Realm, given: AuthenticationImport) -> dict[str, str]:
    """Replace the seeded flows by the exported ones; the exported id -> the stored id of each flow."""
    assert given.flows is not None
    await AuthenticationFlow.filter(realm_id=realm.id).delete()
    await AuthenticatorConfig.filter(realm_id=realm.id).delete()
    configs: dict[str, str] = {}
    for c in given.configs:
        made = await AuthenticatorConfig.create(
            id=await _free_id(AuthenticatorConfig, c.config_id),
            realm_id=realm.id,
            alias=c.alias,
            config=c.config,
        )
        if c.alias is not None:
            configs[c.alias] = made.id
    flows: dict[str, AuthenticationFlow] = {}
    renamed: dict[str, str] = {}
    for f in given.flows:
        if f.alias in flows:
            raise InvalidInput(f"authenticationFlows: flow {f.alias} is given twice")
        flow = await AuthenticationFlow.create(
            id=await _free_id(AuthenticationFlow, f.flow_id),
            realm_id=realm.id,
            alias=f.alias,
            description=f.description,
            provider_id=f.provider_id,
            top_level=f.top_level,
            built_in=f.built_in,
        )
        flows[f.alias] = flow
        if f.flow_id:
            renamed[f.flow_id] = flow.id
    for f in given.flows:
        for e in f.executions:
            await _execution(realm, flows, configs, flows[f.alias], e)
    return renamed


async def _execution(
    realm: Realm,
    flows: dict[str, AuthenticationFlow],
    configs: dict[str, str],
    parent: AuthenticationFlow,
    e: ExecutionImport,
) -> None:
    where = f"authenticationFlows: flow {parent.alias}"
    if e.authenticator in _RETIRED:
        return
    sub = None
    if e.authenticator_flow:
        sub = flows.get(e.flow_alias or "")
        if sub is None:
            raise InvalidInput(f"{where}: sub-flow {e.flow_alias} does not exist")
    config_id = None
    if e.config_alias is not None:
        config_id = configs.get(e.config_alias)
        if config_id is None:
            raise InvalidInput(f"{where}: authenticator config {e.config_alias} does not exist")
    requirement = e.requirement
    if requirement == "OPTIONAL" and not e.authenticator_flow and parent.provider_id == "basic-flow":
        # Keycloak 8 turned OPTIONAL into a conditional sub-flow around the execution; so does its import.
        holder = await AuthenticationFlow.create(
            realm_id=realm.id,
            alias=f"{parent.alias} - {e.authenticator} - Conditional",
            description=f"Flow to determine if the {e.authenticator} authenticator should be used or not.",
            provider_id="basic-flow",
            built_in=parent.built_in,
        )
        await AuthenticationExecution.create(
            realm_id=realm.id,
            parent_flow_id=parent.id,
            authenticator_flow=True,
            sub_flow_id=holder.id,
            requirement="CONDITIONAL",
            priority=e.priority,
        )
        await AuthenticationExecution.create(
            realm_id=realm.id,
            parent_flow_id=holder.id,
            authenticator="conditional-user-configured",
            requirement="REQUIRED",
            priority=10,
        )
        parent, requirement, e.priority = holder, "REQUIRED", 20
    elif requirement not in REQUIREMENTS:
        raise InvalidInput(f"{where}: unknown requirement {requirement}")
    await AuthenticationExecution.create(
        realm_id=realm.id,
        parent_flow_id=parent.id,
        authenticator=e.authenticator,
        authenticator_flow=e.authenticator_flow,
        sub_flow_id=sub.id if sub else None,
        requirement=requirement,
        priority=e.priority,
        authenticator_config=config_id,
    )


async def _required_actions(realm: Realm, given: AuthenticationImport) -> None:
    assert given.required_actions is not None
    await RequiredAction.filter(realm_id=realm.id).delete()
    seen: set[str] = set()
    for a in given.required_actions:
        if not a.alias:
            raise InvalidInput("requiredActions: every required action needs an alias")
        if a.alias in seen:
            raise InvalidInput(f"requiredActions: {a.alias} is given twice")
        seen.add(a.alias)
        await RequiredAction.create(
            realm_id=realm.id,
            alias=a.alias,
            name=a.name,
            provider_id=given.action_providers.get(a.alias) or a.alias,
            enabled=a.enabled,
            default_action=a.default_action,
            priority=a.priority,
            config=a.config,
        )


async def _check_bindings(realm: Realm, renamed: dict[str, str]) -> None:
    """The realm's bindings and the clients' overrides name flows that exist (overrides by id, as Keycloak
    exports them, or by alias); an override of an exported id follows the flow to its stored id."""
    by_alias = dict(await AuthenticationFlow.filter(realm_id=realm.id).values_list("alias", "id"))
    for key in FLOW_BINDINGS:
        alias = setting(realm.config, key)
        if alias not in by_alias:
            raise InvalidInput(f"{key}: flow {alias} does not exist", field=key)
    ids = set(by_alias.values())
    for client in await Client.filter(realm_id=realm.id):
        overrides = client.config.get(OVERRIDES) if isinstance(client.config, dict) else None
        if not isinstance(overrides, dict) or not overrides:
            continue
        fixed: dict[str, Any] = {}
        for binding, value in overrides.items():
            if value in (None, ""):
                continue
            flow_id = renamed.get(str(value), str(value))
            flow_id = flow_id if flow_id in ids else by_alias.get(str(value), "")
            if not flow_id:
                raise InvalidInput(
                    f"client {client.client_id}: {OVERRIDES}.{binding}: flow {value} does not exist"
                )
            fixed[binding] = flow_id
        if fixed != overrides:
            client.config = {**client.config, OVERRIDES: fixed}
            await client.save(update_fields=["config"])


async def apply(realm: Realm, given: AuthenticationImport | None) -> None:
    """Import what ``given`` holds into the freshly seeded ``realm`` and check every flow reference."""
    renamed: dict[str, str] = {}
    if given is not None and given.flows is not None:
        renamed = await _flows(realm, given)
        await seed_builtin_flows(connections.get("default"), realm.id, actions=False)
    if given is not None and given.required_actions is not None:
        await _required_actions(realm, given)
    await _check_bindings(realm, renamed)
