"""The Keycloak dialect's rows for realm administration: identity providers, localization, client
policies and profiles, caches, SMTP test, server info; spliced into the route table as one block."""

from __future__ import annotations

from rest_compat.keycloak import client_policies, localization
from rest_compat.keycloak import identity_providers as idp
from rest_compat.keycloak import realm_maintenance as maint
from rest_compat.routing import Route

R = "/admin/realms/{realm}"
IDP = R + "/identity-provider"
ONE = IDP + "/instances/{alias}"

ROUTES: list[Route] = [
    Route(method, path, handler)
    for method, path, handler in (
        ("GET", IDP + "/instances", idp.list_providers),
        ("POST", IDP + "/instances", idp.create_provider),
        ("GET", ONE, idp.get_provider),
        ("PUT", ONE, idp.update_provider),
        ("DELETE", ONE, idp.delete_provider),
        ("GET", ONE + "/mappers", idp.list_mappers),
        ("POST", ONE + "/mappers", idp.create_mapper),
        ("GET", ONE + "/mappers/{mapper_id}", idp.get_mapper),
        ("PUT", ONE + "/mappers/{mapper_id}", idp.update_mapper),
        ("DELETE", ONE + "/mappers/{mapper_id}", idp.delete_mapper),
        ("GET", ONE + "/mapper-types", idp.mapper_types),
        ("GET", ONE + "/management/permissions", idp.get_permissions),
        ("PUT", ONE + "/management/permissions", idp.set_permissions),
        ("GET", ONE + "/export", idp.export),
        ("GET", ONE + "/reload-keys", idp.reload_keys),
        ("GET", IDP + "/providers/{provider_id}", idp.provider_factory),
        ("POST", IDP + "/import-config", idp.import_config),
        ("GET", R + "/client-policies/profiles", client_policies.get_profiles),
        ("PUT", R + "/client-policies/profiles", client_policies.set_profiles),
        ("GET", R + "/client-policies/policies", client_policies.get_policies),
        ("PUT", R + "/client-policies/policies", client_policies.set_policies),
        ("GET", R + "/localization", localization.list_locales),
        ("GET", R + "/localization/{locale}", localization.get_texts),
        ("POST", R + "/localization/{locale}", localization.import_texts),
        ("DELETE", R + "/localization/{locale}", localization.delete_texts),
        ("GET", R + "/localization/{locale}/{key}", localization.get_text),
        ("PUT", R + "/localization/{locale}/{key}", localization.set_text),
        ("DELETE", R + "/localization/{locale}/{key}", localization.delete_text),
        ("GET", "/admin/serverinfo", maint.server_info),
        ("POST", R + "/clear-realm-cache", maint.clear_realm_cache),
        ("POST", R + "/clear-user-cache", maint.clear_user_cache),
        ("POST", R + "/clear-keys-cache", maint.clear_keys_cache),
        ("POST", R + "/testSMTPConnection", maint.test_smtp),
        ("GET", R + "/users-management-permissions", maint.get_users_permissions),
        ("PUT", R + "/users-management-permissions", maint.set_users_permissions),
        ("GET", R + "/credential-registrators", maint.credential_registrators),
    )
]
