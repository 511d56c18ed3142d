"""What the authentication resolvers take and return: typed inputs that know their Keycloak
representation (for admin events), and the views the dialects render."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models import AuthenticationExecution, AuthenticationFlow


@dataclass
class FlowFields:
    alias: str | None = None
    description: str | None = None
    provider_id: str | None = None
    top_level: bool | None = None
    built_in: bool | None = None
    flow_id: str | None = None

    def representation(self) -> dict[str, Any]:
        rep = {
            "id": self.flow_id,
            "alias": self.alias,
            "description": self.description,
            "providerId": self.provider_id,
            "topLevel": self.top_level,
            "builtIn": self.built_in,
        }
        return {k: v for k, v in rep.items() if v is not None}


@dataclass
class ConfigFields:
    alias: str | None = None
    config: dict[str, str] = field(default_factory=dict)
    config_id: str | None = None

    def representation(self) -> dict[str, Any]:
        rep: dict[str, Any] = {"alias": self.alias, "config": dict(self.config)}
        if self.config_id:
            rep = {"id": self.config_id, **rep}
        return rep


@dataclass
class RequiredActionFields:
    alias: str | None = None
    name: str | None = None
    enabled: bool = False
    default_action: bool = False
    priority: int = 0
    config: dict[str, str] = field(default_factory=dict)

    def representation(self) -> dict[str, Any]:
        return {
            "alias": self.alias,
            "name": self.name,
            "enabled": self.enabled,
            "defaultAction": self.default_action,
            "priority": self.priority,
            "config": dict(self.config),
        }


@dataclass
class ExecutionFields:
    """A new execution (Keycloak's AuthenticationExecutionRepresentation)."""

    parent_flow: str | None = None
    authenticator: str | None = None
    authenticator_flow: bool = False
    flow_id: str | None = None
    requirement: str | None = None
    priority: int | None = None
    authenticator_config: str | None = None

    def representation(self) -> dict[str, Any]:
        rep = {
            "authenticator": self.authenticator,
            "authenticatorFlow": self.authenticator_flow,
            "requirement": self.requirement,
            "priority": self.priority,
            "parentFlow": self.parent_flow,
            "flowId": self.flow_id,
            "authenticatorConfig": self.authenticator_config,
        }
        return {k: v for k, v in rep.items() if v is not None}


@dataclass
class ExecutionChange:
    """A change through the executions list (AuthenticationExecutionInfoRepresentation): a requirement,
    or a sub-flow's name and description."""

    id: str
    requirement: str | None = None
    authentication_flow: bool | None = None
    flow_id: str | None = None
    display_name: str | None = None
    description: str | None = None
    representation_given: dict[str, Any] = field(default_factory=dict)

    def representation(self) -> dict[str, Any]:
        return dict(self.representation_given) or {"id": self.id, "requirement": self.requirement}


@dataclass(frozen=True)
class ExecutionStep:
    """An execution as it stands in an export: its config and sub-flow named by alias."""

    execution: AuthenticationExecution
    config_alias: str | None
    flow_alias: str | None


@dataclass(frozen=True)
class FlowView:
    flow: AuthenticationFlow
    steps: list[ExecutionStep]


@dataclass(frozen=True)
class ExecutionInfo:
    """One row of a flow's flattened execution tree (Keycloak's AuthenticationExecutionInfoRepresentation)."""

    id: str
    requirement: str
    display_name: str
    requirement_choices: list[str]
    configurable: bool
    level: int
    index: int
    priority: int
    authentication_flow: bool | None = None
    provider_id: str | None = None
    alias: str | None = None
    description: str | None = None
    authentication_config: str | None = None
    flow_id: str | None = None
