"""The Hydra 1.x dialect's route table: the admin API (every admin endpoint needs an admin Bearer token of
the realm the dialect serves, ``IAMGRAPH_HYDRA_REALM``) and the public OAuth2/OpenID Connect endpoints."""

from __future__ import annotations

from rest_compat.hydra import clients, flows, keys, public, service, tokens, trust
from rest_compat.routing import Route

REQ = "/oauth2/auth/requests"
TRUST = "/trust/grants/jwt-bearer/issuers"

ROUTES: list[Route] = [
    # --- admin: clients, keys, tokens ---------------------------------------------------------------
    Route("GET", "/clients", clients.list_clients),
    Route("POST", "/clients", clients.create_client),
    Route("GET", "/clients/{id}", clients.get_client),
    Route("PUT", "/clients/{id}", clients.update_client),
    Route("PATCH", "/clients/{id}", clients.patch_client),
    Route("DELETE", "/clients/{id}", clients.delete_client),
    Route("POST", "/keys/{set}", keys.create_key),
    Route("GET", "/keys/{set}", keys.get_key_set),
    Route("PUT", "/keys/{set}", keys.put_key_set),
    Route("DELETE", "/keys/{set}", keys.delete_key_set),
    Route("GET", "/keys/{set}/{kid}", keys.get_key),
    Route("PUT", "/keys/{set}/{kid}", keys.put_key),
    Route("DELETE", "/keys/{set}/{kid}", keys.delete_key),
    Route("POST", TRUST, trust.trust_issuer),
    Route("GET", TRUST, trust.list_trusted_issuers),
    Route("GET", TRUST + "/{id}", trust.get_trusted_issuer),
    Route("DELETE", TRUST + "/{id}", trust.delete_trusted_issuer),
    Route("POST", "/oauth2/introspect", tokens.introspect),
    Route("DELETE", "/oauth2/tokens", tokens.delete_tokens),
    Route("POST", "/oauth2/flush", tokens.flush),
    Route("GET", "/metrics/prometheus", service.prometheus, auth=False),
    # --- login, consent, logout; public OAuth2 --------------------------------------------------------
    Route("GET", REQ + "/login", flows.get_login_request),
    Route("PUT", REQ + "/login/accept", flows.accept_login_request),
    Route("PUT", REQ + "/login/reject", flows.reject_login_request),
    Route("GET", REQ + "/consent", flows.get_consent_request),
    Route("PUT", REQ + "/consent/accept", flows.accept_consent_request),
    Route("PUT", REQ + "/consent/reject", flows.reject_consent_request),
    Route("GET", REQ + "/logout", flows.get_logout_request),
    Route("PUT", REQ + "/logout/accept", flows.accept_logout_request),
    Route("PUT", REQ + "/logout/reject", flows.reject_logout_request),
    Route("GET", "/oauth2/auth/sessions/consent", flows.list_consent_sessions),
    Route("DELETE", "/oauth2/auth/sessions/consent", flows.revoke_consent_sessions),
    Route("DELETE", "/oauth2/auth/sessions/login", flows.revoke_login_sessions),
    Route("GET", "/oauth2/auth", public.authorize, auth=False),
    Route("POST", "/oauth2/token", public.token, auth=False),
    Route("POST", "/oauth2/revoke", public.revoke, auth=False),
    Route("GET", "/oauth2/sessions/logout", public.logout, auth=False),
    Route("GET", "/userinfo", public.userinfo, auth=False),
    Route("POST", "/userinfo", public.userinfo, auth=False),
    Route("GET", "/.well-known/openid-configuration", public.openid_configuration, auth=False),
    Route("GET", "/.well-known/jwks.json", public.jwks, auth=False),
]
