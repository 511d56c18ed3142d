"""What a client's adapter configuration (Keycloak's ``installation/providers``) is made of."""

from __future__ import annotations

from dataclasses import dataclass

from models import Role
from resolvers.clients.views import client_secret
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.realms.defaults import setting

PROVIDERS = ("keycloak-oidc-keycloak-json", "keycloak-oidc-jboss-subsystem")


@dataclass(frozen=True)
class InstallationView:
    realm_name: str
    ssl_required: str
    client_id: str
    public_client: bool
    bearer_only: bool
    has_roles: bool
    show_credentials: bool
    """Keycloak shows credentials unless the client is public, or bearer-only with no service account
    and no node re-registration."""
    secret: str | None
    verify_token_audience: bool


async def installation(actor: Actor | None, realm_name: str, client_uuid: str) -> InstallationView:
    rights.require(actor, realm_name, "view-clients")
    realm = await lookup.realm_by_name(realm_name)
    client = await lookup.client_in_realm(realm, client_uuid)
    timeout = client.config.get("nodeReRegistrationTimeout")
    quiet_bearer = (
        client.bearer_only
        and not client.service_accounts_enabled
        and not (isinstance(timeout, int) and timeout > 0)
    )
    has_roles = await Role.filter(client_id=client.id).exists()
    return InstallationView(
        realm_name=realm.name,
        ssl_required=str(setting(realm.config, "sslRequired")),
        client_id=client.client_id,
        public_client=client.public_client,
        bearer_only=client.bearer_only,
        has_roles=has_roles,
        show_credentials=not client.public_client and not quiet_bearer,
        secret=client_secret(client),
        # Keycloak: a client with roles of its own wants the audience of its tokens checked.
        verify_token_audience=has_roles,
    )
