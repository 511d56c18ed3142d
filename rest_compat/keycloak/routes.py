"""The Keycloak dialect's route table. Adding an endpoint is one row here, one mapper and one resolver.

Path parameters use underscores where Keycloak's documents use dashes (``{user-id}`` is ``{user_id}``).
More specific paths come before the patterns they would otherwise match (``users/count`` before
``users/{user_id}``).
"""

from __future__ import annotations

from rest_compat.keycloak import (
    attack_detection,
    clients,
    events,
    oidc,
    realms,
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
    Route("GET", R + "/users/{user_id}", users.get_user),
    Route("PUT", R + "/users/{user_id}", users.update_user),
    Route("DELETE", R + "/users/{user_id}", users.delete_user),
    # users: credentials, sessions, consents, federated identity, actions (identity core)
    Route("GET", R + "/users/{user_id}/unmanagedAttributes", user_profile.unmanaged_attributes),
    Route("GET", R + "/users/{user_id}/credentials", user_credentials.list_credentials),
    Route("DELETE", R + "/users/{user_id}/credentials/{credential_id}", user_credentials.delete_credential),
    Route("PUT", R + "/users/{user_id}/credentials/{credential_id}/userLabel", user_credentials.set_label),
    Route("POST", R + "/users/{user_id}/credentials/{credential_id}/moveToFirst", user_credentials.move_to_first),
    Route("POST", R + "/users/{user_id}/credentials/{credential_id}/moveAfter/{previous_id}", user_credentials.move_after),
    Route("PUT", R + "/users/{user_id}/reset-password", user_credentials.reset_password),
    Route("PUT", R + "/users/{user_id}/disable-credential-types", user_credentials.disable_credential_types),
    Route("GET", R + "/users/{user_id}/configured-user-storage-credential-types", user_credentials.storage_credential_types),
    Route("GET", R + "/users/{user_id}/sessions", user_sessions.list_sessions),
    Route("GET", R + "/users/{user_id}/offline-sessions/{client_uuid}", user_sessions.list_offline_sessions),
    Route("POST", R + "/users/{user_id}/logout", user_sessions.logout_user),
    Route("GET", R + "/users/{user_id}/consents", user_links.list_consents),
    Route("DELETE", R + "/users/{user_id}/consents/{client}", user_links.revoke_consent),
    Route("GET", R + "/users/{user_id}/federated-identity", user_links.list_federated_identities),
    Route("POST", R + "/users/{user_id}/federated-identity/{provider}", user_links.link_federated_identity),
    Route("DELETE", R + "/users/{user_id}/federated-identity/{provider}", user_links.unlink_federated_identity),
    Route("POST", R + "/users/{user_id}/impersonation", user_actions.impersonate),
    Route("PUT", R + "/users/{user_id}/execute-actions-email", user_actions.execute_actions_email),
    Route("PUT", R + "/users/{user_id}/reset-password-email", user_actions.reset_password_email),
    Route("PUT", R + "/users/{user_id}/send-verify-email", user_actions.send_verify_email),
    # groups (identity core)
    # roles and roles-by-id (identity core)
    # role mappings (identity core)
    # sessions and attack detection (identity core)
    Route("DELETE", R + "/sessions/{session_id}", user_sessions.delete_session),
    Route("POST", R + "/logout-all", user_sessions.logout_all),
    Route("POST", R + "/push-revocation", user_sessions.push_revocation),
    Route("GET", R + "/client-session-stats", user_sessions.client_session_stats),
    Route("DELETE", R + "/attack-detection/brute-force/users", attack_detection.clear_all),
    Route("GET", R + "/attack-detection/brute-force/users/{user_id}", attack_detection.user_status),
    Route("DELETE", R + "/attack-detection/brute-force/users/{user_id}", attack_detection.clear_user),
    # clients (core fields)
    Route("GET", R + "/clients", clients.list_clients),
    Route("POST", R + "/clients", clients.create_client),
    Route("GET", R + "/clients/{client_uuid}", clients.get_client),
    # events
    Route("GET", R + "/admin-events", events.list_admin_events),
    Route("DELETE", R + "/admin-events", events.delete_admin_events),
    Route("GET", R + "/events", events.list_events),
    Route("DELETE", R + "/events", events.delete_events),
    Route("GET", R + "/events/config", events.get_events_config),
    Route("PUT", R + "/events/config", events.update_events_config),
    # OpenID Connect
    Route("POST", OIDC + "/token", oidc.token, auth=False),
    Route("POST", OIDC + "/token/introspect", oidc.introspect, auth=False),
    Route("GET", OIDC + "/userinfo", oidc.userinfo, auth=False),
    Route("POST", OIDC + "/userinfo", oidc.userinfo, auth=False),
    Route("POST", OIDC + "/logout", oidc.logout, auth=False),
    Route("GET", OIDC + "/certs", oidc.certs, auth=False),
    Route("GET", "/realms/{realm}/.well-known/openid-configuration", oidc.openid_configuration, auth=False),
]
