"""A realm export's ``authenticationFlows``, ``authenticatorConfig`` and ``requiredActions``, read as
Keycloak's Jackson reads them into the resolvers' import inputs."""

from __future__ import annotations

from typing import Any

from core.errors import InvalidInput
from models.builtin_flows import FLOW_BINDINGS
from resolvers.authentication.importing import AuthenticationImport, ExecutionImport, FlowImport
from resolvers.authentication.views import ConfigFields
from rest_compat.keycloak import jackson
from rest_compat.keycloak.authentication_reps import action_fields_from, config_fields_from


def _list(value: Any, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InvalidInput(f"{where} must be a list of objects", field=where)
    return value


def _execution(rep: dict[str, Any], where: str) -> ExecutionImport:
    flow = jackson.boolean(rep.get("authenticatorFlow"), f"{where}.authenticatorFlow")
    if flow is None:
        flow = jackson.boolean(rep.get("autheticatorFlow"), f"{where}.autheticatorFlow")
    return ExecutionImport(
        authenticator=jackson.text(rep.get("authenticator"), f"{where}.authenticator"),
        flow_alias=jackson.text(rep.get("flowAlias"), f"{where}.flowAlias"),
        authenticator_flow=bool(flow),
        requirement=jackson.text(rep.get("requirement"), f"{where}.requirement") or "DISABLED",
        priority=jackson.integer(rep.get("priority"), f"{where}.priority") or 0,
        config_alias=jackson.text(rep.get("authenticatorConfig"), f"{where}.authenticatorConfig"),
    )


def _flow(rep: dict[str, Any], index: int) -> FlowImport:
    where = f"authenticationFlows[{index}]"
    alias = jackson.text(rep.get("alias"), f"{where}.alias")
    if not alias:
        raise InvalidInput(f"{where}: every flow needs an alias", field="authenticationFlows")
    return FlowImport(
        alias=alias,
        flow_id=jackson.text(rep.get("id"), f"{where}.id") or None,
        description=jackson.text(rep.get("description"), f"{where}.description"),
        provider_id=jackson.text(rep.get("providerId"), f"{where}.providerId") or "basic-flow",
        top_level=bool(jackson.boolean(rep.get("topLevel"), f"{where}.topLevel")),
        built_in=bool(jackson.boolean(rep.get("builtIn"), f"{where}.builtIn")),
        executions=[
            _execution(e, f"{where}.authenticationExecutions")
            for e in _list(rep.get("authenticationExecutions"), f"{where}.authenticationExecutions")
        ],
    )


def _config(rep: dict[str, Any]) -> ConfigFields:
    fields = config_fields_from(rep)
    fields.config_id = jackson.text(rep.get("id"), "authenticatorConfig.id") or None
    return fields


def authentication_import_from(rep: dict[str, Any]) -> AuthenticationImport | None:
    """``None`` when the export says nothing of authentication (no flows, actions nor bindings)."""
    keys = ("authenticationFlows", "requiredActions", "clients", *FLOW_BINDINGS)
    if not any(rep.get(k) is not None for k in keys):
        return None
    flows = rep.get("authenticationFlows")
    actions = rep.get("requiredActions")
    action_reps = _list(actions, "requiredActions")
    return AuthenticationImport(
        flows=None
        if flows is None
        else [_flow(f, i) for i, f in enumerate(_list(flows, "authenticationFlows"))],
        configs=[_config(c) for c in _list(rep.get("authenticatorConfig"), "authenticatorConfig")],
        required_actions=None if actions is None else [action_fields_from(a) for a in action_reps],
        action_providers={
            str(a.get("alias")): str(a.get("providerId") or a.get("alias"))
            for a in action_reps
            if a.get("alias")
        },
    )
