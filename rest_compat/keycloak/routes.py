"""The Keycloak dialect's route table. Adding an endpoint is one row here, one mapper and one resolver.

Path parameters use underscores where Keycloak's documents use dashes (``{user-id}`` is ``{user_id}``).
More specific paths come before the patterns they would otherwise match (``users/count`` before
``users/{user_id}``).
"""

from __future__ import annotations

from rest_compat.keycloak import (
    attack_detection,
    authentication_routes,
    client_scopes,
    clients,
    clients_certificates,
    clients_registration,
    clients_runtime,
    components_routes,
    evaluate_scopes,
    events,
    groups,
    login_routes,
    oidc,
    protocol_mappers,
    realm_admin_routes,
    realms,
    role_mappings,
    roles,
    scope_mappings,
    user_actions,
    user_credentials,
    user_links,
    user_profile,
    user_sessions,
    users,
)
from rest_compat.routing import Route

A = "/admin/realms"
R = A + "/{realm}"
OIDC = "/realms/{realm}/protocol/openid-connect"
EVAL = R + "/clients/{client_uuid}/evaluate-scopes"

ROUTES: list[Route] = [
    # realms
    Route("GET", A, realms.list_realms),
    Route("POST", A, realms.create_realm),
    Route("GET", R, realms.get_realm),
    Route("PUT", R, realms.update_realm),
    Route("DELETE", R, realms.delete_realm),
    # users
    Route("GET", R + "/users", users.list_users),
    Route("POST", R + "/users", users.create_user),
    Route("GET", R + "/users/count", users.count_users),
    # user profile (identity core): before users/{user_id}, which would match "profile"
    Route("GET", R + "/users/profile", user_profile.get_profile),
    Route("PUT", R + "/users/profile", user_profile.update_profile),
    Route("GET", R + "/users/profile/metadata", user_profile.get_metadata),
    Route("GET", R + "/users/{user_id}", users.get_user),
    Route("PUT", R + "/users/{user_id}", users.update_user),
    Route("DELETE", R + "/users/{user_id}", users.delete_user),
    # users: credentials, sessions, consents, federated identity, actions (identity core)
    Route("GET", R + "/users/{user_id}/unmanagedAttributes", user_profile.unmanaged_attributes),
    Route("GET", R + "/users/{user_id}/credentials", user_credentials.list_credentials),
    Route("DELETE", R + "/users/{user_id}/credentials/{credential_id}", user_credentials.delete_credential),
    Route("PUT", R + "/users/{user_id}/credentials/{credential_id}/userLabel", user_credentials.set_label),
    Route(
        "POST", R + "/users/{user_id}/credentials/{credential_id}/moveToFirst", user_credentials.move_to_first
    ),
    Route(
        "POST",
        R + "/users/{user_id}/credentials/{credential_id}/moveAfter/{previous_id}",
        user_credentials.move_after,
    ),
    Route("PUT", R + "/users/{user_id}/reset-password", user_credentials.reset_password),
    Route("PUT", R + "/users/{user_id}/disable-credential-types", user_credentials.disable_credential_types),
    Route(
        "GET",
        R + "/users/{user_id}/configured-user-storage-credential-types",
        user_credentials.storage_credential_types,
    ),
    Route("GET", R + "/users/{user_id}/sessions", user_sessions.list_sessions),
    Route("GET", R + "/users/{user_id}/offline-sessions/{client_uuid}", user_sessions.list_offline_sessions),
    Route("POST", R + "/users/{user_id}/logout", user_sessions.logout_user),
    Route("GET", R + "/users/{user_id}/consents", user_links.list_consents),
    Route("DELETE", R + "/users/{user_id}/consents/{client}", user_links.revoke_consent),
    Route("GET", R + "/users/{user_id}/federated-identity", user_links.list_federated_identities),
    Route("POST", R + "/users/{user_id}/federated-identity/{provider}", user_links.link_federated_identity),
    Route(
        "DELETE", R + "/users/{user_id}/federated-identity/{provider}", user_links.unlink_federated_identity
    ),
    Route("POST", R + "/users/{user_id}/impersonation", user_actions.impersonate),
    Route("PUT", R + "/users/{user_id}/execute-actions-email", user_actions.execute_actions_email),
    Route("PUT", R + "/users/{user_id}/reset-password-email", user_actions.reset_password_email),
    Route("PUT", R + "/users/{user_id}/send-verify-email", user_actions.send_verify_email),
    # groups (identity core)
    Route("GET", R + "/groups", groups.list_groups),
    Route("POST", R + "/groups", groups.create_group),
    Route("GET", R + "/groups/count", groups.count_groups),
    Route("GET", R + "/groups/{group_id}", groups.get_group),
    Route("PUT", R + "/groups/{group_id}", groups.update_group),
    Route("DELETE", R + "/groups/{group_id}", groups.delete_group),
    Route("GET", R + "/groups/{group_id}/children", groups.list_children),
    Route("POST", R + "/groups/{group_id}/children", groups.add_child),
    Route("GET", R + "/groups/{group_id}/members", groups.list_members),
    Route("GET", R + "/groups/{group_id}/management/permissions", groups.get_permissions),
    Route("PUT", R + "/groups/{group_id}/management/permissions", groups.set_permissions),
    Route("GET", R + "/group-by-path/{path:path}", groups.group_by_path),
    Route("GET", R + "/default-groups", groups.list_default_groups),
    Route("PUT", R + "/default-groups/{group_id}", groups.add_default_group),
    Route("DELETE", R + "/default-groups/{group_id}", groups.remove_default_group),
    Route("GET", R + "/users/{user_id}/groups", groups.list_user_groups),
    Route("GET", R + "/users/{user_id}/groups/count", groups.count_user_groups),
    Route("PUT", R + "/users/{user_id}/groups/{group_id}", groups.join_group),
    Route("DELETE", R + "/users/{user_id}/groups/{group_id}", groups.leave_group),
    # roles and roles-by-id (identity core)
    Route("GET", R + "/roles", roles.list_roles),
    Route("POST", R + "/roles", roles.create_role),
    Route("GET", R + "/roles/{role_name}", roles.get_role),
    Route("PUT", R + "/roles/{role_name}", roles.update_role),
    Route("DELETE", R + "/roles/{role_name}", roles.delete_role),
    Route("GET", R + "/roles/{role_name}/composites", roles.list_composites),
    Route("POST", R + "/roles/{role_name}/composites", roles.add_composites),
    Route("DELETE", R + "/roles/{role_name}/composites", roles.remove_composites),
    Route("GET", R + "/roles/{role_name}/composites/realm", roles.list_realm_composites),
    Route("GET", R + "/roles/{role_name}/composites/clients/{target_client}", roles.list_client_composites),
    Route("GET", R + "/roles/{role_name}/management/permissions", roles.get_permissions),
    Route("PUT", R + "/roles/{role_name}/management/permissions", roles.set_permissions),
    Route("GET", R + "/roles/{role_name}/users", roles.role_users),
    Route("GET", R + "/roles/{role_name}/groups", roles.role_groups),
    Route("GET", R + "/roles-by-id/{role_id}", roles.get_role),
    Route("PUT", R + "/roles-by-id/{role_id}", roles.update_role),
    Route("DELETE", R + "/roles-by-id/{role_id}", roles.delete_role),
    Route("GET", R + "/roles-by-id/{role_id}/composites", roles.list_composites),
    Route("POST", R + "/roles-by-id/{role_id}/composites", roles.add_composites),
    Route("DELETE", R + "/roles-by-id/{role_id}/composites", roles.remove_composites),
    Route("GET", R + "/roles-by-id/{role_id}/composites/realm", roles.list_realm_composites),
    Route(
        "GET", R + "/roles-by-id/{role_id}/composites/clients/{target_client}", roles.list_client_composites
    ),
    Route("GET", R + "/roles-by-id/{role_id}/management/permissions", roles.get_permissions),
    Route("PUT", R + "/roles-by-id/{role_id}/management/permissions", roles.set_permissions),
    Route("GET", R + "/clients/{client_uuid}/roles", roles.list_roles),
    Route("POST", R + "/clients/{client_uuid}/roles", roles.create_role),
    Route("GET", R + "/clients/{client_uuid}/roles/{role_name}", roles.get_role),
    Route("PUT", R + "/clients/{client_uuid}/roles/{role_name}", roles.update_role),
    Route("DELETE", R + "/clients/{client_uuid}/roles/{role_name}", roles.delete_role),
    Route("GET", R + "/clients/{client_uuid}/roles/{role_name}/composites", roles.list_composites),
    Route("POST", R + "/clients/{client_uuid}/roles/{role_name}/composites", roles.add_composites),
    Route("DELETE", R + "/clients/{client_uuid}/roles/{role_name}/composites", roles.remove_composites),
    Route(
        "GET", R + "/clients/{client_uuid}/roles/{role_name}/composites/realm", roles.list_realm_composites
    ),
    Route(
        "GET",
        R + "/clients/{client_uuid}/roles/{role_name}/composites/clients/{target_client}",
        roles.list_client_composites,
    ),
    Route(
        "GET", R + "/clients/{client_uuid}/roles/{role_name}/management/permissions", roles.get_permissions
    ),
    Route(
        "PUT", R + "/clients/{client_uuid}/roles/{role_name}/management/permissions", roles.set_permissions
    ),
    Route("GET", R + "/clients/{client_uuid}/roles/{role_name}/users", roles.role_users),
    Route("GET", R + "/clients/{client_uuid}/roles/{role_name}/groups", roles.role_groups),
    # role mappings (identity core)
    Route("GET", R + "/users/{user_id}/role-mappings", role_mappings.get_all),
    Route("GET", R + "/users/{user_id}/role-mappings/realm", role_mappings.get_direct),
    Route("POST", R + "/users/{user_id}/role-mappings/realm", role_mappings.add),
    Route("DELETE", R + "/users/{user_id}/role-mappings/realm", role_mappings.remove),
    Route("GET", R + "/users/{user_id}/role-mappings/realm/available", role_mappings.get_available),
    Route("GET", R + "/users/{user_id}/role-mappings/realm/composite", role_mappings.get_composite),
    Route("GET", R + "/users/{user_id}/role-mappings/clients/{client_uuid}", role_mappings.get_direct),
    Route("POST", R + "/users/{user_id}/role-mappings/clients/{client_uuid}", role_mappings.add),
    Route("DELETE", R + "/users/{user_id}/role-mappings/clients/{client_uuid}", role_mappings.remove),
    Route(
        "GET",
        R + "/users/{user_id}/role-mappings/clients/{client_uuid}/available",
        role_mappings.get_available,
    ),
    Route(
        "GET",
        R + "/users/{user_id}/role-mappings/clients/{client_uuid}/composite",
        role_mappings.get_composite,
    ),
    Route("GET", R + "/groups/{group_id}/role-mappings", role_mappings.get_all),
    Route("GET", R + "/groups/{group_id}/role-mappings/realm", role_mappings.get_direct),
    Route("POST", R + "/groups/{group_id}/role-mappings/realm", role_mappings.add),
    Route("DELETE", R + "/groups/{group_id}/role-mappings/realm", role_mappings.remove),
    Route("GET", R + "/groups/{group_id}/role-mappings/realm/available", role_mappings.get_available),
    Route("GET", R + "/groups/{group_id}/role-mappings/realm/composite", role_mappings.get_composite),
    Route("GET", R + "/groups/{group_id}/role-mappings/clients/{client_uuid}", role_mappings.get_direct),
    Route("POST", R + "/groups/{group_id}/role-mappings/clients/{client_uuid}", role_mappings.add),
    Route("DELETE", R + "/groups/{group_id}/role-mappings/clients/{client_uuid}", role_mappings.remove),
    Route(
        "GET",
        R + "/groups/{group_id}/role-mappings/clients/{client_uuid}/available",
        role_mappings.get_available,
    ),
    Route(
        "GET",
        R + "/groups/{group_id}/role-mappings/clients/{client_uuid}/composite",
        role_mappings.get_composite,
    ),
    # sessions and attack detection (identity core)
    Route("DELETE", R + "/sessions/{session_id}", user_sessions.delete_session),
    Route("POST", R + "/logout-all", user_sessions.logout_all),
    Route("POST", R + "/push-revocation", user_sessions.push_revocation),
    Route("GET", R + "/client-session-stats", user_sessions.client_session_stats),
    Route("DELETE", R + "/attack-detection/brute-force/users", attack_detection.clear_all),
    Route("GET", R + "/attack-detection/brute-force/users/{user_id}", attack_detection.user_status),
    Route("DELETE", R + "/attack-detection/brute-force/users/{user_id}", attack_detection.clear_user),
    # clients: the ClientRepresentation, secrets, service account, sessions, nodes, adapter configuration
    Route("GET", R + "/clients", clients.list_clients),
    Route("POST", R + "/clients", clients.create_client),
    Route("GET", R + "/clients/{client_uuid}", clients.get_client),
    Route("PUT", R + "/clients/{client_uuid}", clients.update_client),
    Route("DELETE", R + "/clients/{client_uuid}", clients.delete_client),
    Route("GET", R + "/clients/{client_uuid}/client-secret", clients_runtime.get_secret),
    Route("POST", R + "/clients/{client_uuid}/client-secret", clients_runtime.regenerate_secret),
    Route("GET", R + "/clients/{client_uuid}/client-secret/rotated", clients_runtime.get_rotated_secret),
    Route(
        "DELETE", R + "/clients/{client_uuid}/client-secret/rotated", clients_runtime.remove_rotated_secret
    ),
    Route(
        "POST",
        R + "/clients/{client_uuid}/registration-access-token",
        clients_runtime.registration_access_token,
    ),
    Route("GET", R + "/clients/{client_uuid}/service-account-user", clients_runtime.service_account_user),
    Route("GET", R + "/clients/{client_uuid}/session-count", clients_runtime.session_count),
    Route("GET", R + "/clients/{client_uuid}/user-sessions", clients_runtime.user_sessions),
    Route("GET", R + "/clients/{client_uuid}/offline-session-count", clients_runtime.offline_session_count),
    Route("GET", R + "/clients/{client_uuid}/offline-sessions", clients_runtime.offline_sessions),
    Route("POST", R + "/clients/{client_uuid}/nodes", clients_runtime.register_node),
    Route("DELETE", R + "/clients/{client_uuid}/nodes/{node}", clients_runtime.unregister_node),
    Route("GET", R + "/clients/{client_uuid}/test-nodes-available", clients_runtime.test_nodes_available),
    Route("POST", R + "/clients/{client_uuid}/push-revocation", clients_runtime.push_revocation),
    Route("GET", R + "/clients/{client_uuid}/management/permissions", clients_runtime.get_permissions),
    Route("PUT", R + "/clients/{client_uuid}/management/permissions", clients_runtime.set_permissions),
    Route(
        "GET",
        R + "/clients/{client_uuid}/installation/providers/{provider_id}",
        clients_runtime.installation_provider,
    ),
    Route("GET", R + "/clients/{client_uuid}/certificates/{attr}", clients_certificates.key_info),
    Route("POST", R + "/clients/{client_uuid}/certificates/{attr}/generate", clients_certificates.generate),
    Route(
        "POST",
        R + "/clients/{client_uuid}/certificates/{attr}/generate-and-download",
        clients_certificates.generate_and_download,
    ),
    Route("POST", R + "/clients/{client_uuid}/certificates/{attr}/download", clients_certificates.download),
    Route("POST", R + "/clients/{client_uuid}/certificates/{attr}/upload", clients_certificates.upload),
    Route(
        "POST",
        R + "/clients/{client_uuid}/certificates/{attr}/upload-certificate",
        clients_certificates.upload_certificate,
    ),
    Route("POST", R + "/clients-initial-access", clients_registration.create_initial_access),
    Route("GET", R + "/clients-initial-access", clients_registration.list_initial_access),
    Route("DELETE", R + "/clients-initial-access/{access_id}", clients_registration.delete_initial_access),
    Route("GET", R + "/client-registration-policy/providers", clients_registration.policy_providers),
    Route("POST", R + "/client-description-converter", clients_registration.describe_client),
    Route("GET", "/realms/{realm}", clients_registration.realm_info, auth=False),
    # client scopes (and their legacy alias, client templates), protocol mappers, realm and client defaults
    *(
        row
        for base in (R + "/client-scopes", R + "/client-templates")
        for row in (
            Route("GET", base, client_scopes.list_scopes),
            Route("POST", base, client_scopes.create_scope),
            Route("GET", base + "/{scope_id}", client_scopes.get_scope),
            Route("PUT", base + "/{scope_id}", client_scopes.update_scope),
            Route("DELETE", base + "/{scope_id}", client_scopes.delete_scope),
        )
    ),
    *(
        row
        for base in (
            R + "/clients/{client_uuid}/protocol-mappers",
            R + "/client-scopes/{scope_id}/protocol-mappers",
            R + "/client-templates/{scope_id}/protocol-mappers",
        )
        for row in (
            Route("POST", base + "/add-models", protocol_mappers.add_mappers),
            Route("GET", base + "/models", protocol_mappers.list_mappers),
            Route("POST", base + "/models", protocol_mappers.create_mapper),
            Route("GET", base + "/models/{mapper_id}", protocol_mappers.get_mapper),
            Route("PUT", base + "/models/{mapper_id}", protocol_mappers.update_mapper),
            Route("DELETE", base + "/models/{mapper_id}", protocol_mappers.delete_mapper),
            Route("GET", base + "/protocol/{protocol}", protocol_mappers.list_by_protocol),
        )
    ),
    *(
        row
        for base in (
            R + "/clients/{client_uuid}/scope-mappings",
            R + "/client-scopes/{scope_id}/scope-mappings",
            R + "/client-templates/{scope_id}/scope-mappings",
        )
        for path in (base + "/realm", base + "/clients/{target_client}")
        for row in (
            Route("GET", path, scope_mappings.get_direct),
            Route("POST", path, scope_mappings.add),
            Route("DELETE", path, scope_mappings.remove),
            Route("GET", path + "/available", scope_mappings.get_available),
            Route("GET", path + "/composite", scope_mappings.get_composite),
        )
    ),
    Route("GET", R + "/clients/{client_uuid}/scope-mappings", scope_mappings.get_all),
    Route("GET", EVAL + "/protocol-mappers", evaluate_scopes.protocol_mappers),
    Route("GET", EVAL + "/scope-mappings/{container_id}/granted", evaluate_scopes.granted_roles),
    Route("GET", EVAL + "/scope-mappings/{container_id}/not-granted", evaluate_scopes.not_granted_roles),
    Route("GET", EVAL + "/generate-example-access-token", evaluate_scopes.example_access_token),
    Route("GET", EVAL + "/generate-example-id-token", evaluate_scopes.example_id_token),
    Route("GET", EVAL + "/generate-example-userinfo", evaluate_scopes.example_userinfo),
    Route("GET", R + "/client-scopes/{scope_id}/scope-mappings", scope_mappings.get_all),
    Route("GET", R + "/client-templates/{scope_id}/scope-mappings", scope_mappings.get_all),
    Route("GET", R + "/default-default-client-scopes", client_scopes.list_realm_defaults),
    Route("PUT", R + "/default-default-client-scopes/{scope_id}", client_scopes.add_realm_default),
    Route("DELETE", R + "/default-default-client-scopes/{scope_id}", client_scopes.remove_realm_default),
    Route("GET", R + "/default-optional-client-scopes", client_scopes.list_realm_optionals),
    Route("PUT", R + "/default-optional-client-scopes/{scope_id}", client_scopes.add_realm_optional),
    Route("DELETE", R + "/default-optional-client-scopes/{scope_id}", client_scopes.remove_realm_optional),
    Route("GET", R + "/clients/{client_uuid}/default-client-scopes", client_scopes.list_client_defaults),
    Route(
        "PUT", R + "/clients/{client_uuid}/default-client-scopes/{scope_id}", client_scopes.add_client_default
    ),
    Route(
        "DELETE",
        R + "/clients/{client_uuid}/default-client-scopes/{scope_id}",
        client_scopes.remove_client_default,
    ),
    Route("GET", R + "/clients/{client_uuid}/optional-client-scopes", client_scopes.list_client_optionals),
    Route(
        "PUT",
        R + "/clients/{client_uuid}/optional-client-scopes/{scope_id}",
        client_scopes.add_client_optional,
    ),
    Route(
        "DELETE",
        R + "/clients/{client_uuid}/optional-client-scopes/{scope_id}",
        client_scopes.remove_client_optional,
    ),
    # authentication: flows, executions, configs, required actions, providers
    *authentication_routes.ROUTES,
    # realm administration: identity providers, localization, client policies, caches, server info
    *realm_admin_routes.ROUTES,
    *components_routes.ROUTES,
    # events
    Route("GET", R + "/admin-events", events.list_admin_events),
    Route("DELETE", R + "/admin-events", events.delete_admin_events),
    Route("GET", R + "/events", events.list_events),
    Route("DELETE", R + "/events", events.delete_events),
    Route("GET", R + "/events/config", events.get_events_config),
    Route("PUT", R + "/events/config", events.update_events_config),
    # OpenID Connect: the browser login, then the token endpoints
    *login_routes.ROUTES,
    Route("POST", OIDC + "/token", oidc.token, auth=False),
    Route("POST", OIDC + "/token/introspect", oidc.introspect, auth=False),
    Route("GET", OIDC + "/userinfo", oidc.userinfo, auth=False),
    Route("POST", OIDC + "/userinfo", oidc.userinfo, auth=False),
    Route("POST", OIDC + "/logout", oidc.logout, auth=False),
    Route("GET", OIDC + "/certs", oidc.certs, auth=False),
    Route("GET", "/realms/{realm}/.well-known/openid-configuration", oidc.openid_configuration, auth=False),
]
