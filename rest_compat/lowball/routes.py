"""The lowball ``/builtins`` route table: all 25 operations of lowball 1.0.4's builtins.

Fixed paths come before the patterns they would otherwise match (``tokens/all`` before
``tokens/{token_id}``, ``clients/create`` before ``clients/{client_id}``).
"""

from __future__ import annotations

from rest_compat.lowball import handlers as h
from rest_compat.routing import Route

AUTH = "/builtins/auth"
TOKENS = AUTH + "/tokens"
CLIENTS = AUTH + "/clients"
CLIENT = CLIENTS + "/{client_id}"

ROUTES: list[Route] = [
    Route("GET", "/builtins/status", h.status, auth=False),
    Route("POST", AUTH, h.login, auth=False),
    Route("GET", AUTH, h.whoami),
    Route("DELETE", AUTH, h.logout),
    Route("GET", TOKENS, h.list_own_tokens),
    Route("POST", TOKENS, h.create_token),
    Route("DELETE", TOKENS, h.revoke_own_tokens),
    Route("GET", TOKENS + "/all", h.list_all_tokens),
    Route("DELETE", TOKENS + "/all", h.revoke_all_tokens),
    Route("POST", TOKENS + "/cleanup", h.cleanup_tokens),
    Route("GET", TOKENS + "/{token_id}", h.get_token),
    Route("DELETE", TOKENS + "/{token_id}", h.revoke_token),
    Route("GET", CLIENTS, h.get_own_client),
    Route("POST", CLIENTS, h.update_own_client),
    Route("POST", CLIENTS + "/create", h.create_client),
    Route("POST", CLIENTS + "/register", h.register_client, auth=False),
    Route("GET", CLIENTS + "/all", h.list_clients),
    Route("GET", CLIENT, h.get_client),
    Route("POST", CLIENT, h.update_client),
    Route("DELETE", CLIENT, h.delete_client),
    Route("DELETE", CLIENT + "/roles", h.remove_all_roles),
    Route("POST", CLIENT + "/roles/{role}", h.add_role),
    Route("DELETE", CLIENT + "/roles/{role}", h.remove_role),
    Route("POST", CLIENT + "/enable", h.enable_client),
    Route("POST", CLIENT + "/disable", h.disable_client),
]
