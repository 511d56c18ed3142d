"""The AuthenticationFlow, AuthenticationExecution, AuthenticatorConfig and RequiredAction types."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from models import AuthenticatorConfig as ConfigModel
from models import RequiredAction as ActionModel
from resolvers.authentication import executions, flows, required_actions
from resolvers.authentication.views import ExecutionInfo, FlowView
from resolvers.kit.actor import Actor
from schema.kit.context import Info
from schema.kit.node import Node, in_own_realm, register_node


@strawberry.type(
    description="One row of a flow's flattened execution tree, as Keycloak's admin console shows it."
)
class AuthenticationExecution:
    info: strawberry.Private[ExecutionInfo]

    @strawberry.field(description="The execution's id.")
    def execution_id(self) -> str:
        return self.info.id

    @strawberry.field(description="REQUIRED, ALTERNATIVE, DISABLED or CONDITIONAL.")
    def requirement(self) -> str:
        return self.info.requirement

    @strawberry.field
    def display_name(self) -> str:
        return self.info.display_name

    @strawberry.field
    def requirement_choices(self) -> list[str]:
        return self.info.requirement_choices

    @strawberry.field
    def configurable(self) -> bool:
        return self.info.configurable

    @strawberry.field(description="Whether the execution runs a sub-flow.")
    def authentication_flow(self) -> bool:
        return bool(self.info.authentication_flow)

    @strawberry.field(description="The authenticator (or a form flow's form) it runs.")
    def provider_id(self) -> str | None:
        return self.info.provider_id

    @strawberry.field(description="Depth in the tree: 0 for the flow's own executions.")
    def level(self) -> int:
        return self.info.level

    @strawberry.field(description="Position among its siblings.")
    def index(self) -> int:
        return self.info.index

    @strawberry.field
    def priority(self) -> int:
        return self.info.priority

    @strawberry.field(description="The id of its authenticator config, when it has one.")
    def authenticator_config_id(self) -> str | None:
        return self.info.authentication_config

    @strawberry.field(description="The alias of its authenticator config, when it has one.")
    def config_alias(self) -> str | None:
        return self.info.alias

    @strawberry.field(description="The sub-flow's id, for a sub-flow.")
    def sub_flow_id(self) -> str | None:
        return self.info.flow_id


@strawberry.type(
    description="An authentication flow: a top-level flow a realm or client binds, or a sub-flow."
)
class AuthenticationFlow(Node):
    view: strawberry.Private[FlowView]
    realm_name: strawberry.Private[str]

    def node_key(self) -> str:
        return self.view.flow.id

    @strawberry.field(description="The flow's own id (Keycloak's `id`).")
    def flow_id(self) -> str:
        return self.view.flow.id

    @strawberry.field
    def alias(self) -> str:
        return self.view.flow.alias

    @strawberry.field
    def description(self) -> str | None:
        return self.view.flow.description

    @strawberry.field(description="basic-flow, form-flow or client-flow.")
    def provider_id(self) -> str:
        return self.view.flow.provider_id

    @strawberry.field
    def top_level(self) -> bool:
        return self.view.flow.top_level

    @strawberry.field(description="Built-in flows cannot be changed; copy one to change it.")
    def built_in(self) -> bool:
        return self.view.flow.built_in

    @strawberry.field(description="The flattened tree of its executions and of its sub-flows' executions.")
    async def executions(self, info: Info) -> list[AuthenticationExecution]:
        rows = await executions.list_executions(info.context.actor, self.realm_name, self.view.flow.alias)
        return [AuthenticationExecution(info=row) for row in rows]


@strawberry.type(description="The settings of an execution's authenticator.")
class AuthenticatorConfig:
    model: strawberry.Private[ConfigModel]

    @strawberry.field
    def config_id(self) -> str:
        return self.model.id

    @strawberry.field
    def alias(self) -> str | None:
        return self.model.alias

    @strawberry.field(description="The settings, in Keycloak's names.")
    def config(self) -> JSON:
        return JSON(dict(self.model.config))


@strawberry.type(
    description="A required action registered in a realm (UPDATE_PASSWORD, CONFIGURE_TOTP, ...)."
)
class RequiredAction:
    model: strawberry.Private[ActionModel]

    @strawberry.field
    def alias(self) -> str:
        return self.model.alias

    @strawberry.field
    def name(self) -> str | None:
        return self.model.name

    @strawberry.field
    def provider_id(self) -> str:
        return self.model.provider_id

    @strawberry.field
    def enabled(self) -> bool:
        return self.model.enabled

    @strawberry.field(description="Whether new users get it.")
    def default_action(self) -> bool:
        return self.model.default_action

    @strawberry.field
    def priority(self) -> int:
        return self.model.priority

    @strawberry.field
    def config(self) -> JSON:
        return JSON(dict(self.model.config))


async def realm_flows(info: Info, realm_name: str) -> list[AuthenticationFlow]:
    found = await flows.list_flows(info.context.actor, realm_name)
    return [AuthenticationFlow(view=v, realm_name=realm_name) for v in found]


async def realm_required_actions(info: Info, realm_name: str) -> list[RequiredAction]:
    return [
        RequiredAction(model=a) for a in await required_actions.list_actions(info.context.actor, realm_name)
    ]


async def _visible_flows(actor: Actor | None, keys: list[str]) -> list[tuple[FlowView, str] | None]:
    realm_ids = await flows.flow_realm_ids(keys)

    async def read(realm_name: str, flow_id: str) -> tuple[FlowView, str]:
        return await flows.get_flow(actor, realm_name, flow_id), realm_name

    return await in_own_realm(actor, keys, realm_ids, read)


register_node(
    AuthenticationFlow, _visible_flows, lambda found: AuthenticationFlow(view=found[0], realm_name=found[1])
)
