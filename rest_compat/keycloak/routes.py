"""The Keycloak dialect's route table. Adding an endpoint is one row here, one mapper and one resolver.

Path parameters use underscores where Keycloak's documents use dashes (``{user-id}`` is ``{user_id}``).
More specific paths come before the patterns they would otherwise match (``users/count`` before
``users/{user_id}``).
"""

from __future__ import annotations

from rest_compat.keycloak import clients, events, oidc, realms, users
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
    Route("GET", R + "/users/{user_id}", users.get_user),
    Route("PUT", R + "/users/{user_id}", users.update_user),
    Route("DELETE", R + "/users/{user_id}", users.delete_user),
    # users: credentials, sessions, consents, federated identity, actions (identity core)
    # groups (identity core)
    # roles and roles-by-id (identity core)
    # role mappings (identity core)
    # sessions and attack detection (identity core)
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
