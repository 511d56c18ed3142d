"""Pure mappers for the authentication endpoints: views to Keycloak's representations, and Keycloak's
JSON to the resolvers' inputs (read as Jackson reads each typed field)."""

from __future__ import annotations

from typing import Any

from models import AuthenticationExecution, AuthenticatorConfig, RequiredAction
from resolvers.authentication.providers import ConfigProperty, Provider
from resolvers.authentication.views import (
    ConfigFields,
    ExecutionChange,
    ExecutionFields,
    ExecutionInfo,
    ExecutionStep,
    FlowFields,
    FlowView,
    RequiredActionFields,
)
from rest_compat.keycloak import jackson


def _config_map(value: Any, field: str) -> dict[str, str]:
    values = jackson.text_map(value, field) or {}
    return {k: v for k, v in values.items() if v is not None}


def flow_fields_from(rep: dict[str, Any]) -> FlowFields:
    return FlowFields(
        alias=jackson.text(rep.get("alias"), "alias"),
        description=jackson.text(rep.get("description"), "description"),
        provider_id=jackson.text(rep.get("providerId"), "providerId"),
        top_level=jackson.boolean(rep.get("topLevel"), "topLevel"),
        built_in=jackson.boolean(rep.get("builtIn"), "builtIn"),
        flow_id=jackson.text(rep.get("id"), "id") or None,
    )


def config_fields_from(rep: dict[str, Any]) -> ConfigFields:
    return ConfigFields(
        alias=jackson.text(rep.get("alias"), "alias"), config=_config_map(rep.get("config"), "config")
    )


def action_fields_from(rep: dict[str, Any]) -> RequiredActionFields:
    return RequiredActionFields(
        alias=jackson.text(rep.get("alias"), "alias"),
        name=jackson.text(rep.get("name"), "name"),
        enabled=bool(jackson.boolean(rep.get("enabled"), "enabled")),
        default_action=bool(jackson.boolean(rep.get("defaultAction"), "defaultAction")),
        priority=jackson.integer(rep.get("priority"), "priority") or 0,
        config=_config_map(rep.get("config"), "config"),
    )


def execution_fields_from(rep: dict[str, Any]) -> ExecutionFields:
    flow = jackson.boolean(rep.get("authenticatorFlow"), "authenticatorFlow")
    if flow is None:
        flow = jackson.boolean(rep.get("autheticatorFlow"), "autheticatorFlow")
    return ExecutionFields(
        parent_flow=jackson.text(rep.get("parentFlow"), "parentFlow"),
        authenticator=jackson.text(rep.get("authenticator"), "authenticator"),
        authenticator_flow=bool(flow),
        flow_id=jackson.text(rep.get("flowId"), "flowId"),
        requirement=jackson.text(rep.get("requirement"), "requirement"),
        priority=jackson.integer(rep.get("priority"), "priority"),
        authenticator_config=jackson.text(rep.get("authenticatorConfig"), "authenticatorConfig"),
    )


def execution_change_from(rep: dict[str, Any]) -> ExecutionChange:
    return ExecutionChange(
        id=jackson.text(rep.get("id"), "id") or "",
        requirement=jackson.text(rep.get("requirement"), "requirement"),
        authentication_flow=jackson.boolean(rep.get("authenticationFlow"), "authenticationFlow"),
        flow_id=jackson.text(rep.get("flowId"), "flowId"),
        display_name=jackson.text(rep.get("displayName"), "displayName"),
        description=jackson.text(rep.get("description"), "description"),
        representation_given=rep,
    )


def to_execution_export(step: ExecutionStep) -> dict[str, Any]:
    """An execution as a flow representation (and an export) holds it."""
    e = step.execution
    rep: dict[str, Any] = {}
    if step.config_alias is not None:
        rep["authenticatorConfig"] = step.config_alias
    if e.authenticator is not None:
        rep["authenticator"] = e.authenticator
    rep.update(authenticatorFlow=e.authenticator_flow, requirement=e.requirement, priority=e.priority)
    rep["autheticatorFlow"] = e.authenticator_flow
    if step.flow_alias is not None:
        rep["flowAlias"] = step.flow_alias
    rep["userSetupAllowed"] = False
    return rep


def to_flow_representation(view: FlowView) -> dict[str, Any]:
    flow = view.flow
    rep: dict[str, Any] = {"id": flow.id, "alias": flow.alias}
    if flow.description is not None:
        rep["description"] = flow.description
    rep.update(providerId=flow.provider_id, topLevel=flow.top_level, builtIn=flow.built_in)
    rep["authenticationExecutions"] = [to_execution_export(s) for s in view.steps]
    return rep


def to_execution_info(info: ExecutionInfo) -> dict[str, Any]:
    rep: dict[str, Any] = {"id": info.id, "requirement": info.requirement, "displayName": info.display_name}
    if info.alias is not None:
        rep["alias"] = info.alias
    if info.description is not None:
        rep["description"] = info.description
    rep.update(requirementChoices=info.requirement_choices, configurable=info.configurable)
    if info.authentication_flow is not None:
        rep["authenticationFlow"] = info.authentication_flow
    for key, value in (
        ("providerId", info.provider_id),
        ("authenticationConfig", info.authentication_config),
        ("flowId", info.flow_id),
    ):
        if value is not None:
            rep[key] = value
    rep.update(level=info.level, index=info.index, priority=info.priority)
    return rep


def to_execution_representation(e: AuthenticationExecution) -> dict[str, Any]:
    """One execution as Keycloak serializes its AuthenticationExecutionModel (its is-getters included)."""
    rep: dict[str, Any] = {"id": e.id}
    if e.authenticator_config is not None:
        rep["authenticatorConfig"] = e.authenticator_config
    if e.authenticator is not None:
        rep["authenticator"] = e.authenticator
    if e.sub_flow_id is not None:
        rep["flowId"] = e.sub_flow_id
    rep.update(
        authenticatorFlow=e.authenticator_flow,
        requirement=e.requirement,
        priority=e.priority,
        parentFlow=e.parent_flow_id,
        required=e.requirement == "REQUIRED",
        conditional=e.requirement == "CONDITIONAL",
        alternative=e.requirement == "ALTERNATIVE",
        disabled=e.requirement == "DISABLED",
        enabled=e.requirement in ("REQUIRED", "CONDITIONAL", "ALTERNATIVE"),
    )
    return rep


def to_config_representation(config: AuthenticatorConfig) -> dict[str, Any]:
    rep: dict[str, Any] = {"id": config.id}
    if config.alias is not None:
        rep["alias"] = config.alias
    rep["config"] = dict(config.config)
    return rep


def to_required_action(action: RequiredAction) -> dict[str, Any]:
    rep: dict[str, Any] = {"alias": action.alias}
    if action.name is not None:
        rep["name"] = action.name
    rep.update(
        providerId=action.provider_id,
        enabled=action.enabled,
        defaultAction=action.default_action,
        priority=action.priority,
        config=dict(action.config),
    )
    return rep


def to_provider(provider: Provider) -> dict[str, Any]:
    rep: dict[str, Any] = {
        "id": provider.id,
        "displayName": provider.display_name,
        "description": provider.help_text,
    }
    if provider.kind == "client":
        rep["supportsSecret"] = provider.supports_secret
    return rep


def to_config_property(prop: ConfigProperty) -> dict[str, Any]:
    rep: dict[str, Any] = {
        "name": prop.name,
        "label": prop.label,
        "helpText": prop.help_text,
        "type": prop.type,
    }
    if prop.default_value is not None:
        rep["defaultValue"] = prop.default_value
    if prop.options:
        rep["options"] = list(prop.options)
    rep.update(secret=prop.secret, required=False, readOnly=False)
    return rep


def to_config_description(provider: Provider) -> dict[str, Any]:
    return {
        "name": provider.display_name,
        "providerId": provider.id,
        "helpText": provider.help_text,
        "properties": [to_config_property(p) for p in provider.properties],
    }
