"""Client views into Keycloak's ClientRepresentation, in Keycloak's field order (pure functions)."""

from __future__ import annotations

from typing import Any

from resolvers.clients.defaults import CONFIG_DEFAULTS, DERIVED_KEYS, setting
from resolvers.clients.views import ClientView
from resolvers.kit.management import PERMISSIONS_KEY
from resolvers.kit.secrets import SECRET_VALUE
from rest_compat.keycloak.protocol_mappers import to_mapper_representation

# Settings shown only when they hold something, as Keycloak leaves them out otherwise.
_WHEN_SET = ("authorizationServicesEnabled", "registeredNodes", "protocolMappers")
# Read from the client's mappers and scope links; a config document of an older version may still hold
# copies of them as once given, which are never shown.
_COMPOSED = ("protocolMappers", "defaultClientScopes", "optionalClientScopes")


def to_client_representation(view: ClientView, *, registration_token: str | None = None) -> dict[str, Any]:
    client = view.client
    if not view.full:
        brief = {"id": client.id, "clientId": client.client_id, "description": client.description}
        return {k: v for k, v in brief.items() if v is not None}
    config = client.config
    rep: dict[str, Any] = {
        "id": client.id,
        "clientId": client.client_id,
        "name": client.name,
        "description": client.description,
        "rootUrl": client.root_url,
        "adminUrl": setting(config, "adminUrl"),
        "baseUrl": client.base_url,
        "surrogateAuthRequired": setting(config, "surrogateAuthRequired"),
        "enabled": client.enabled,
        "alwaysDisplayInConsole": setting(config, "alwaysDisplayInConsole"),
        "clientAuthenticatorType": setting(config, "clientAuthenticatorType"),
        "secret": view.secret,
        "registrationAccessToken": registration_token,
        "redirectUris": list(client.redirect_uris),
        "webOrigins": list(client.web_origins),
        "notBefore": client.not_before,
        "bearerOnly": client.bearer_only,
        "consentRequired": setting(config, "consentRequired"),
        "standardFlowEnabled": client.standard_flow_enabled,
        "implicitFlowEnabled": client.implicit_flow_enabled,
        "directAccessGrantsEnabled": client.direct_access_grants_enabled,
        "serviceAccountsEnabled": client.service_accounts_enabled,
        "authorizationServicesEnabled": setting(config, "authorizationServicesEnabled"),
        "publicClient": client.public_client,
        "frontchannelLogout": setting(config, "frontchannelLogout"),
        "protocol": client.protocol,
        # A rotated secret kept as an attribute is only at its own endpoint (client-secret/rotated).
        "attributes": {
            k: SECRET_VALUE if k == "client.secret.rotated" else v
            for k, v in client.attributes.items()
            if k != PERMISSIONS_KEY
        },
        "authenticationFlowBindingOverrides": dict(setting(config, "authenticationFlowBindingOverrides")),
        "fullScopeAllowed": setting(config, "fullScopeAllowed"),
        "nodeReRegistrationTimeout": setting(config, "nodeReRegistrationTimeout"),
        "registeredNodes": setting(config, "registeredNodes"),
    }
    if view.mappers is not None:
        rep["protocolMappers"] = [to_mapper_representation(m) for m in view.mappers]
    if view.default_scopes is not None:
        rep["defaultClientScopes"] = list(view.default_scopes)
    if view.optional_scopes is not None:
        rep["optionalClientScopes"] = list(view.optional_scopes)
    for key in _WHEN_SET:
        if not rep.get(key):
            rep.pop(key, None)
    for key, value in config.items():
        if key not in rep and key not in CONFIG_DEFAULTS and key not in DERIVED_KEYS and key not in _COMPOSED:
            rep[key] = value
    if view.access is not None:
        rep["access"] = dict(view.access)
    return {k: v for k, v in rep.items() if v is not None}
