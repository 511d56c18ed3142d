"""A client as OAuth2 client metadata (RFC 7591 and OpenID Connect Registration names, as Hydra 1.x shows
an OAuth2 client), read from the same row the Keycloak door shows.

Metadata that means the same as a column or a Keycloak attribute is read from there, so a change through
either door shows in the other: ``client_name`` is the name, ``client_uri`` the base URL,
``allowed_cors_origins`` the web origins, ``token_endpoint_auth_method`` "none" a public client, and the
grant types the flow switches. The rest lives in one document of the client's config (``OAUTH2_KEY``),
hidden from the Keycloak representation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models import Client
from resolvers.clients.defaults import OAUTH2_KEY

DEFAULT_SCOPE = "offline_access offline openid"
"""Hydra's scope of a client created without one."""

# Grant types that are a Keycloak flow switch: the switch is the truth, the order given is kept.
GRANT_COLUMNS = {
    "authorization_code": "standard_flow_enabled",
    "implicit": "implicit_flow_enabled",
    "password": "direct_access_grants_enabled",
    "client_credentials": "service_accounts_enabled",
}

# Metadata kept as Keycloak attributes, in Keycloak's attribute names (its OIDC description converter's).
TEXT_ATTRIBUTES = {
    "logo_uri": "logoUri",
    "policy_uri": "policyUri",
    "tos_uri": "tosUri",
    "jwks_uri": "jwks.url",
    "token_endpoint_auth_signing_alg": "token.endpoint.auth.signing.alg",
    "request_object_signing_alg": "request.object.signature.alg",
    "userinfo_signed_response_alg": "user.info.response.signature.alg",
    "frontchannel_logout_uri": "frontchannel.logout.url",
    "backchannel_logout_uri": "backchannel.logout.url",
}
LIST_ATTRIBUTES = {"contacts": "contacts", "post_logout_redirect_uris": "post.logout.redirect.uris"}
LIST_SEPARATOR = "##"

# The token endpoint authentication methods and Keycloak's client authenticators.
AUTHENTICATORS = {
    "client_secret_basic": "client-secret",
    "client_secret_post": "client-secret",
    "client_secret_jwt": "client-secret-jwt",
    "private_key_jwt": "client-jwt",
    "tls_client_auth": "client-x509",
}
_METHOD_OF_AUTHENTICATOR = {
    "client-secret-jwt": "client_secret_jwt",
    "client-jwt": "private_key_jwt",
    "client-x509": "tls_client_auth",
}


@dataclass(frozen=True)
class OAuth2Metadata:
    """Hydra 1.x's OAuth2Client fields, in its names and order."""

    client_id: str
    client_name: str
    redirect_uris: list[str]
    grant_types: list[str]
    response_types: list[str]
    scope: str
    audience: list[str]
    owner: str
    policy_uri: str
    allowed_cors_origins: list[str]
    tos_uri: str
    client_uri: str
    logo_uri: str
    contacts: list[str]
    client_secret_expires_at: int
    subject_type: str
    jwks_uri: str
    jwks: dict[str, Any] | None
    token_endpoint_auth_method: str
    token_endpoint_auth_signing_alg: str
    request_uris: list[str]
    request_object_signing_alg: str
    userinfo_signed_response_alg: str
    sector_identifier_uri: str
    frontchannel_logout_uri: str
    frontchannel_logout_session_required: bool
    post_logout_redirect_uris: list[str]
    backchannel_logout_uri: str
    backchannel_logout_session_required: bool
    metadata: dict[str, Any] | None
    created_at: int
    """Epoch seconds."""
    updated_at: int


@dataclass(frozen=True)
class OAuth2ClientView:
    metadata: OAuth2Metadata
    client: Client
    secret: str | None = None
    """Shown only in the answer of the write that set it (the create, or an update that gives one)."""


def document(client: Client) -> dict[str, Any]:
    stored = client.config.get(OAUTH2_KEY)
    return dict(stored) if isinstance(stored, dict) else {}


def grant_types(client: Client, stored: list[str] | None) -> list[str]:
    """The grant types given, less the flows since switched off, plus the flows switched on; a client
    made through another door (nothing given) has those of its switches."""
    enabled = [g for g, column in GRANT_COLUMNS.items() if getattr(client, column)]
    if stored is None:
        return enabled
    kept = [g for g in stored if g not in GRANT_COLUMNS or getattr(client, GRANT_COLUMNS[g])]
    # Hydra's empty list means authorization_code.
    implied = set(kept) | (set() if stored else {"authorization_code"})
    return kept + [g for g in enabled if g not in implied]


def auth_method(client: Client, stored: str | None) -> str:
    if client.public_client:
        return "none"
    authenticator = client.config.get("clientAuthenticatorType") or "client-secret"
    if authenticator in _METHOD_OF_AUTHENTICATOR:
        return _METHOD_OF_AUTHENTICATOR[authenticator]
    return stored if stored in ("client_secret_basic", "client_secret_post") else "client_secret_basic"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def metadata_of(client: Client) -> OAuth2Metadata:
    doc = document(client)
    attributes = client.attributes
    texts = {name: _text(attributes.get(attribute)) for name, attribute in TEXT_ATTRIBUTES.items()}
    lists = {
        name: [v for v in _text(attributes.get(attribute)).split(LIST_SEPARATOR) if v]
        for name, attribute in LIST_ATTRIBUTES.items()
    }
    stored_grants = doc.get("grant_types")
    return OAuth2Metadata(
        client_id=client.client_id,
        client_name=client.name or "",
        redirect_uris=_list(client.redirect_uris),
        grant_types=grant_types(client, _list(stored_grants) if stored_grants is not None else None),
        response_types=_list(doc.get("response_types")),
        # A client made through another door has Hydra's default scope.
        scope=_text(doc.get("scope")) or DEFAULT_SCOPE,
        audience=_list(doc.get("audience")),
        owner=client.owner or "",
        policy_uri=texts["policy_uri"],
        allowed_cors_origins=_list(client.web_origins),
        tos_uri=texts["tos_uri"],
        client_uri=client.base_url or "",
        logo_uri=texts["logo_uri"],
        contacts=lists["contacts"],
        client_secret_expires_at=0,
        subject_type=_text(doc.get("subject_type")) or "public",
        jwks_uri=texts["jwks_uri"],
        jwks=doc.get("jwks") if isinstance(doc.get("jwks"), dict) else None,
        token_endpoint_auth_method=auth_method(client, doc.get("token_endpoint_auth_method")),
        token_endpoint_auth_signing_alg=texts["token_endpoint_auth_signing_alg"],
        request_uris=_list(doc.get("request_uris")),
        request_object_signing_alg=texts["request_object_signing_alg"],
        userinfo_signed_response_alg=texts["userinfo_signed_response_alg"] or "none",
        sector_identifier_uri=_text(doc.get("sector_identifier_uri")),
        frontchannel_logout_uri=texts["frontchannel_logout_uri"],
        frontchannel_logout_session_required=doc.get("frontchannel_logout_session_required") is True,
        post_logout_redirect_uris=lists["post_logout_redirect_uris"],
        backchannel_logout_uri=texts["backchannel_logout_uri"],
        backchannel_logout_session_required=attributes.get("backchannel.logout.session.required") == "true",
        metadata=doc.get("metadata") if isinstance(doc.get("metadata"), dict) else None,
        created_at=client.created_at,
        updated_at=int(doc.get("updated_at") or client.created_at),
    )
