"""The Hydra 1.x dialect's route table: the admin API (every admin endpoint needs an admin Bearer token of
the realm the dialect serves, ``IAMGRAPH_HYDRA_REALM``) and the public OAuth2/OpenID Connect endpoints."""

from __future__ import annotations

from rest_compat.hydra import clients, keys, service, tokens
from rest_compat.routing import Route

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
    Route("POST", "/oauth2/introspect", tokens.introspect),
    Route("DELETE", "/oauth2/tokens", tokens.delete_tokens),
    Route("POST", "/oauth2/flush", tokens.flush),
    Route("GET", "/metrics/prometheus", service.prometheus, auth=False),
    # --- end of admin: clients, keys, tokens --------------------------------------------------------
]
