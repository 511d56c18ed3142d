"""Authentication mutations: flows, executions, authenticator configs and required actions, over the same
resolvers as the Keycloak endpoints."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from resolvers.authentication import configs, executions, flows, required_actions
from resolvers.authentication.views import (
    ConfigFields,
    ExecutionChange,
    FlowFields,
    FlowView,
    RequiredActionFields,
)
from schema.authentication.types import AuthenticationFlow, AuthenticatorConfig, RequiredAction
from schema.kit.context import Info
from schema.kit.mutations import MutationError, OkPayload, mutation


@strawberry.type
class AuthenticationFlowPayload:
    authentication_flow: AuthenticationFlow | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class AuthenticatorConfigPayload:
    authenticator_config: AuthenticatorConfig | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.type
class RequiredActionPayload:
    required_action: RequiredAction | None = None
    errors: list[MutationError] = strawberry.field(default_factory=list)


@strawberry.input(description="A new flow.")
class AuthenticationFlowInput:
    alias: str
    description: str | None = None
    provider_id: str = "basic-flow"
    top_level: bool = True


@strawberry.input(description="A required action's new state (every field, as Keycloak's update takes it).")
class RequiredActionInput:
    name: str | None = None
    enabled: bool = True
    default_action: bool = False
    priority: int = 0
    config: JSON | None = None


def _texts(value: object) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _flow(view: FlowView, realm: str) -> AuthenticationFlowPayload:
    return AuthenticationFlowPayload(authentication_flow=AuthenticationFlow(view=view, realm_name=realm))


@strawberry.type
class AuthenticationMutation:
    @mutation()
    async def authentication_flow_create(
        self, info: Info, realm: str, input: AuthenticationFlowInput
    ) -> AuthenticationFlowPayload:
        fields = FlowFields(
            alias=input.alias,
            description=input.description,
            provider_id=input.provider_id,
            top_level=input.top_level,
        )
        return _flow(await flows.create_flow(info.context.actor, realm, fields), realm)

    @mutation(description="Rename a flow or change its description.")
    async def authentication_flow_update(
        self, info: Info, realm: str, id: str, alias: str, description: str | None = None
    ) -> AuthenticationFlowPayload:
        fields = FlowFields(alias=alias, description=description)
        return _flow(await flows.update_flow(info.context.actor, realm, id, fields), realm)

    @mutation()
    async def authentication_flow_delete(self, info: Info, realm: str, id: str) -> OkPayload:
        await flows.delete_flow(info.context.actor, realm, id)
        return OkPayload(ok=True, deleted_id=id)

    @mutation(description="Copy a flow, its sub-flows and configs under a new alias.")
    async def authentication_flow_copy(
        self, info: Info, realm: str, alias: str, new_name: str
    ) -> AuthenticationFlowPayload:
        return _flow(await flows.copy_flow(info.context.actor, realm, alias, new_name), realm)

    @mutation(description="Add an authenticator (by provider id) last in a flow.")
    async def authentication_execution_add(
        self, info: Info, realm: str, flow_alias: str, provider: str
    ) -> AuthenticationFlowPayload:
        await executions.add_authenticator(info.context.actor, realm, flow_alias, provider)
        return _flow(await flows.get_flow_by_alias(info.context.actor, realm, flow_alias), realm)

    @mutation(description="Add a sub-flow (basic-flow, or form-flow running `provider`) last in a flow.")
    async def authentication_subflow_add(
        self,
        info: Info,
        realm: str,
        flow_alias: str,
        alias: str,
        type: str = "basic-flow",
        provider: str | None = None,
        description: str | None = None,
    ) -> AuthenticationFlowPayload:
        await executions.add_subflow(
            info.context.actor, realm, flow_alias, alias, type, provider, description
        )
        return _flow(await flows.get_flow_by_alias(info.context.actor, realm, flow_alias), realm)

    @mutation(description="Change an execution's requirement (REQUIRED, ALTERNATIVE, DISABLED, CONDITIONAL).")
    async def authentication_execution_requirement_set(
        self, info: Info, realm: str, flow_alias: str, execution_id: str, requirement: str
    ) -> OkPayload:
        change = ExecutionChange(id=execution_id, requirement=requirement)
        await executions.update_execution(info.context.actor, realm, flow_alias, change)
        return OkPayload(ok=True)

    @mutation(description="Move an execution before (`up`) or after its neighbour.")
    async def authentication_execution_move(self, info: Info, realm: str, id: str, up: bool) -> OkPayload:
        await executions.move_execution(info.context.actor, realm, id, up=up)
        return OkPayload(ok=True)

    @mutation()
    async def authentication_execution_delete(self, info: Info, realm: str, id: str) -> OkPayload:
        await executions.delete_execution(info.context.actor, realm, id)
        return OkPayload(ok=True, deleted_id=id)

    @mutation(description="Give an execution a new authenticator config.")
    async def authenticator_config_create(
        self, info: Info, realm: str, execution_id: str, alias: str, config: JSON
    ) -> AuthenticatorConfigPayload:
        fields = ConfigFields(alias=alias, config=_texts(config))
        made = await executions.add_execution_config(info.context.actor, realm, execution_id, fields)
        return AuthenticatorConfigPayload(authenticator_config=AuthenticatorConfig(model=made))

    @mutation()
    async def authenticator_config_update(
        self, info: Info, realm: str, id: str, alias: str, config: JSON
    ) -> AuthenticatorConfigPayload:
        fields = ConfigFields(alias=alias, config=_texts(config))
        changed = await configs.update_config(info.context.actor, realm, id, fields)
        return AuthenticatorConfigPayload(authenticator_config=AuthenticatorConfig(model=changed))

    @mutation()
    async def authenticator_config_delete(self, info: Info, realm: str, id: str) -> OkPayload:
        await configs.delete_config(info.context.actor, realm, id)
        return OkPayload(ok=True, deleted_id=id)

    @mutation()
    async def required_action_update(
        self, info: Info, realm: str, alias: str, input: RequiredActionInput
    ) -> RequiredActionPayload:
        fields = RequiredActionFields(
            alias=alias,
            name=input.name,
            enabled=input.enabled,
            default_action=input.default_action,
            priority=input.priority,
            config=_texts(input.config),
        )
        changed = await required_actions.update_action(info.context.actor, realm, alias, fields)
        return RequiredActionPayload(required_action=RequiredAction(model=changed))

    @mutation()
    async def required_action_delete(self, info: Info, realm: str, alias: str) -> OkPayload:
        await required_actions.delete_action(info.context.actor, realm, alias)
        return OkPayload(ok=True, deleted_id=alias)

    @mutation(description="Register a deployed required action provider in the realm.")
    async def required_action_register(
        self, info: Info, realm: str, provider_id: str, name: str | None = None
    ) -> RequiredActionPayload:
        made = await required_actions.register_action(info.context.actor, realm, provider_id, name)
        return RequiredActionPayload(required_action=RequiredAction(model=made))

    @mutation(description="Move a required action before (`up`) or after its neighbour.")
    async def required_action_move(self, info: Info, realm: str, alias: str, up: bool) -> OkPayload:
        await required_actions.move_action(info.context.actor, realm, alias, up=up)
        return OkPayload(ok=True)
