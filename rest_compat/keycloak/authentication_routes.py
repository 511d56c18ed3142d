"""The Keycloak dialect's rows for ``/admin/realms/{realm}/authentication``: flows, executions,
authenticator configs, required actions and the provider catalog, spliced into the route table as one
block. More specific paths come before the patterns they would otherwise match."""

from __future__ import annotations

from rest_compat.keycloak import authentication, authentication_admin
from rest_compat.routing import Route

AUTH = "/admin/realms/{realm}/authentication"

ROUTES: list[Route] = [
    Route(method, AUTH + path, handler)
    for method, path, handler in (
        ("GET", "/flows", authentication.list_flows),
        ("POST", "/flows", authentication.create_flow),
        ("POST", "/flows/{flow_alias}/copy", authentication.copy_flow),
        ("GET", "/flows/{flow_alias}/executions", authentication.list_executions),
        ("PUT", "/flows/{flow_alias}/executions", authentication.update_executions),
        ("POST", "/flows/{flow_alias}/executions/execution", authentication.add_execution),
        ("POST", "/flows/{flow_alias}/executions/flow", authentication.add_subflow),
        ("GET", "/flows/{flow_id}", authentication.get_flow),
        ("PUT", "/flows/{flow_id}", authentication.update_flow),
        ("DELETE", "/flows/{flow_id}", authentication.delete_flow),
        ("POST", "/executions", authentication.create_execution),
        ("GET", "/executions/{execution_id}", authentication.get_execution),
        ("DELETE", "/executions/{execution_id}", authentication.delete_execution),
        ("POST", "/executions/{execution_id}/raise-priority", authentication.raise_priority),
        ("POST", "/executions/{execution_id}/lower-priority", authentication.lower_priority),
        ("POST", "/executions/{execution_id}/config", authentication.add_execution_config),
        ("GET", "/executions/{execution_id}/config/{config_id}", authentication_admin.get_config),
        ("POST", "/config", authentication_admin.create_config),
        ("GET", "/config/{config_id}", authentication_admin.get_config),
        ("PUT", "/config/{config_id}", authentication_admin.update_config),
        ("DELETE", "/config/{config_id}", authentication_admin.delete_config),
        ("GET", "/config-description/{provider_id}", authentication_admin.config_description),
        ("GET", "/per-client-config-description", authentication_admin.per_client_config_description),
        ("GET", "/authenticator-providers", authentication_admin.providers_of("authenticator")),
        ("GET", "/client-authenticator-providers", authentication_admin.providers_of("client")),
        ("GET", "/form-action-providers", authentication_admin.providers_of("form-action")),
        ("GET", "/form-providers", authentication_admin.providers_of("form")),
        ("GET", "/required-actions", authentication_admin.list_actions),
        ("GET", "/required-actions/{alias}", authentication_admin.get_action),
        ("PUT", "/required-actions/{alias}", authentication_admin.update_action),
        ("DELETE", "/required-actions/{alias}", authentication_admin.delete_action),
        ("POST", "/required-actions/{alias}/raise-priority", authentication_admin.raise_action),
        ("POST", "/required-actions/{alias}/lower-priority", authentication_admin.lower_action),
        ("GET", "/unregistered-required-actions", authentication_admin.unregistered_actions),
        ("POST", "/register-required-action", authentication_admin.register_action),
    )
]
