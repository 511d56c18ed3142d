"""Dynamic client registration as the admin API shows it: initial access tokens, the registration
policy providers, and OAuth2 client metadata (RFC 7591) read into a client's configuration."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from core.errors import InvalidInput
from models import Client, ClientInitialAccess
from resolvers.clients import crud
from resolvers.clients.crud import ClientFields
from resolvers.clients.secrets import token_hash
from resolvers.clients.views import ClientView
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.kit.fields import UNSET


@dataclass(frozen=True)
class InitialAccessView:
    row: ClientInitialAccess
    token: str | None = None
    """Shown once, in the answer of the create."""


async def create_initial_access(
    actor: Actor | None, realm_name: str, expiration: object, count: object
) -> InitialAccessView:
    actor = rights.require(actor, realm_name, "manage-clients")
    realm = await lookup.realm_by_name(realm_name)
    for name, value in (("expiration", expiration), ("count", count)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise InvalidInput(f"Invalid value for {name}", field=name)
    token = secrets.token_urlsafe(48)
    uses = count if isinstance(count, int) else 0
    async with in_transaction():
        row = await ClientInitialAccess.create(
            realm_id=realm.id,
            token_hash=token_hash(token),
            timestamp=int(time.time()),
            expiration=expiration if isinstance(expiration, int) else 0,
            count=uses,
            remaining_count=uses,
        )
        await record_admin_event(
            realm, actor, "CREATE", "CLIENT_INITIAL_ACCESS_MODEL", f"clients-initial-access/{row.id}"
        )
    return InitialAccessView(row, token)


async def list_initial_access(actor: Actor | None, realm_name: str) -> list[InitialAccessView]:
    rights.require(actor, realm_name, "view-clients")
    realm = await lookup.realm_by_name(realm_name)
    now = time.time()
    rows = await ClientInitialAccess.filter(realm_id=realm.id).order_by("timestamp", "id")
    live = [r for r in rows if not r.expiration or r.timestamp + r.expiration > now]
    return [InitialAccessView(r) for r in live]


async def delete_initial_access(actor: Actor | None, realm_name: str, access_id: str) -> None:
    """Keycloak answers 204 whether or not the token existed."""
    actor = rights.require(actor, realm_name, "manage-clients")
    realm = await lookup.realm_by_name(realm_name)
    async with in_transaction():
        await ClientInitialAccess.filter(realm_id=realm.id, id=access_id).delete()
        await record_admin_event(
            realm, actor, "DELETE", "CLIENT_INITIAL_ACCESS_MODEL", f"clients-initial-access/{access_id}"
        )


@dataclass(frozen=True)
class PolicyProvider:
    id: str
    help_text: str
    properties: tuple[tuple[str, str, str, str], ...] = ()
    """(name, label, type, help text) of each configuration property."""


POLICY_PROVIDERS = (
    PolicyProvider(
        "allowed-client-templates",
        "Allowed client scopes, which a newly registered client may use",
        (
            (
                "allowed-client-scopes",
                "Allowed Client Scopes",
                "MultivaluedList",
                "Whitelist of the client scopes",
            ),
            (
                "allow-default-scopes",
                "Allow Default Scopes",
                "boolean",
                "Whether the realm's default scopes are allowed",
            ),
        ),
    ),
    PolicyProvider(
        "allowed-protocol-mappers",
        "Allowed protocol mapper types of a newly registered client",
        (
            (
                "allowed-protocol-mapper-types",
                "Allowed Protocol Mapper Types",
                "MultivaluedList",
                "Whitelist of mapper types",
            ),
        ),
    ),
    PolicyProvider(
        "client-disabled", "A newly registered client is disabled until an administrator enables it"
    ),
    PolicyProvider("consent-required", "A newly registered client requires consent"),
    PolicyProvider(
        "max-clients",
        "The realm may hold no more than this many clients",
        (
            (
                "max-clients",
                "Max Clients Per Realm",
                "int",
                "It will not be allowed to register a new client beyond this count",
            ),
        ),
    ),
    PolicyProvider("scope", "A newly registered client has no full scope allowed"),
    PolicyProvider(
        "trusted-hosts",
        "Registration is allowed only from trusted hosts, with redirect URIs on them",
        (
            ("trusted-hosts", "Trusted Hosts", "MultivaluedList", "Hosts trusted for client registration"),
            (
                "host-sending-registration-request-must-match",
                "Host Sending Client Registration Request Must Match",
                "boolean",
                "",
            ),
            (
                "client-uris-must-match",
                "Client URIs Must Match",
                "boolean",
                "Redirect URIs must be on a trusted host",
            ),
        ),
    ),
    PolicyProvider(
        "registration-web-origins",
        "Allowed web origins of a newly registered client",
        (("web-origins", "Web Origins", "MultivaluedList", "Allowed web origins"),),
    ),
)


async def policy_providers(actor: Actor | None, realm_name: str) -> tuple[PolicyProvider, ...]:
    rights.require(actor, realm_name, "view-realm")
    await lookup.realm_by_name(realm_name)
    return POLICY_PROVIDERS


@dataclass
class ClientMetadata:
    """OAuth2 dynamic client registration metadata (RFC 7591, OpenID Connect Registration)."""

    client_id: str | None = None
    client_secret: str | None = None
    client_name: str | None = None
    client_uri: str | None = None
    redirect_uris: list[str] = field(default_factory=list)
    grant_types: list[str] | None = None
    response_types: list[str] | None = None
    token_endpoint_auth_method: str | None = None
    jwks_uri: str | None = None
    logo_uri: str | None = None
    policy_uri: str | None = None
    tos_uri: str | None = None
    post_logout_redirect_uris: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)


_AUTHENTICATORS = {
    "client_secret_basic": "client-secret",
    "client_secret_post": "client-secret",
    "client_secret_jwt": "client-secret-jwt",
    "private_key_jwt": "client-jwt",
    "tls_client_auth": "client-x509",
}


def fields_from_metadata(meta: ClientMetadata) -> ClientFields:
    """Keycloak's OIDC description converter: client metadata as ClientRepresentation settings."""
    grants = meta.grant_types if meta.grant_types is not None else ["authorization_code"]
    responses = meta.response_types or []
    attributes: dict[str, str] = {}
    for key, value in (("logoUri", meta.logo_uri), ("policyUri", meta.policy_uri), ("tosUri", meta.tos_uri)):
        if value:
            attributes[key] = value
    if meta.jwks_uri:
        attributes |= {"use.jwks.url": "true", "jwks.url": meta.jwks_uri}
    if meta.post_logout_redirect_uris:
        attributes["post.logout.redirect.uris"] = "##".join(meta.post_logout_redirect_uris)
    if meta.contacts:
        attributes["contacts"] = "##".join(meta.contacts)
    fields = ClientFields(
        client_id=meta.client_id if meta.client_id is not None else UNSET,
        name=meta.client_name,
        base_url=meta.client_uri,
        redirect_uris=list(meta.redirect_uris),
        public_client=meta.token_endpoint_auth_method == "none",
        standard_flow_enabled="authorization_code" in grants,
        implicit_flow_enabled="implicit" in grants
        or any(r in ("token", "id_token", "id_token token") for r in responses),
        direct_access_grants_enabled="password" in grants,
        service_accounts_enabled="client_credentials" in grants,
        secret=meta.client_secret if meta.client_secret else UNSET,
        attributes=attributes,
        protocol="openid-connect",
    )
    method = meta.token_endpoint_auth_method
    if method in _AUTHENTICATORS:
        fields.extra["clientAuthenticatorType"] = _AUTHENTICATORS[method]
    return fields


async def describe(actor: Actor | None, realm_name: str, fields: ClientFields) -> ClientView:
    """The client a description gives (OIDC metadata read by ``fields_from_metadata``, or a Keycloak
    ClientRepresentation), checked but not stored: Keycloak's client-description-converter."""
    rights.require(actor, realm_name, "manage-clients")
    realm = await lookup.realm_by_name(realm_name)
    client = Client(realm_id=realm.id)
    client.id = None  # type: ignore[assignment]
    crud.apply_fields(client, fields)
    secret = fields.secret if isinstance(fields.secret, str) else None
    return ClientView(client, secret=secret)
