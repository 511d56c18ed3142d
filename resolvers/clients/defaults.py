"""A client's settings in Keycloak's ClientRepresentation names, and the values Keycloak gives them.

Settings without a column live in ``Client.config`` (unknown keys kept as given, like realm settings). A
client stored before a key existed reads the key's stored-row default; a client created through the
admin API gets Keycloak's creation defaults (RepresentationToModel.createClient).
"""

from __future__ import annotations

from typing import Any

CONFIG_DEFAULTS: dict[str, Any] = {
    "adminUrl": None,
    "surrogateAuthRequired": False,
    "alwaysDisplayInConsole": False,
    "clientAuthenticatorType": "client-secret",
    "consentRequired": False,
    "frontchannelLogout": False,
    "fullScopeAllowed": True,
    "authorizationServicesEnabled": False,
    "authenticationFlowBindingOverrides": {},
    "nodeReRegistrationTimeout": -1,
    "registeredNodes": {},
}
"""Settings of the config document and their value for a client stored without them."""

BOOLEAN_SETTINGS = frozenset(
    {
        "surrogateAuthRequired",
        "alwaysDisplayInConsole",
        "consentRequired",
        "frontchannelLogout",
        "fullScopeAllowed",
        "authorizationServicesEnabled",
    }
)
STRING_SETTINGS = frozenset({"adminUrl", "clientAuthenticatorType"})

CREATED_COLUMNS: dict[str, Any] = {
    "standard_flow_enabled": True,
    "implicit_flow_enabled": False,
    "direct_access_grants_enabled": True,
    "public_client": False,
    "bearer_only": False,
    "protocol": "openid-connect",
}
"""The columns of a client created without them, as Keycloak creates one."""

CREATED_SETTINGS: dict[str, Any] = {"frontchannelLogout": True, "fullScopeAllowed": True}
"""Settings a created client gets where the stored-row default differs."""

PRIVATE_KEYS = "iamgraph.privateKeys"
"""The config key holding the client's sealed private keys: never shown, never set by a caller."""

OAUTH2_KEY = "iamgraph.oauth2"
"""The config key holding the OAuth2 client metadata that has no Keycloak counterpart (Hydra's door)."""

DERIVED_KEYS = frozenset(
    {"id", "secret", "access", "registrationAccessToken", "notBefore", PRIVATE_KEYS, OAUTH2_KEY}
)
"""Representation keys that are never stored in the config document as given, nor shown from it."""


def setting(config: dict[str, Any], key: str) -> Any:
    value = config.get(key)
    return CONFIG_DEFAULTS.get(key) if value is None else value
