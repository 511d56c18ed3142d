"""What every token-endpoint operation does first: find the realm and authenticate the calling client."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import NotFound, OAuthError
from models import Client, Realm, raw
from resolvers.clients.crud import secret_matches

BAD_CLIENT = "Invalid client or Invalid client credentials"


@dataclass(frozen=True)
class ClientAuth:
    """The client's credentials as the request gave them (Basic header or form fields)."""

    client_id: str | None
    secret: str | None


async def token_realm(name: str) -> Realm:
    realm = await raw.one(Realm, "SELECT * FROM realm WHERE name = ?", name)
    if realm is None:
        raise NotFound("Realm does not exist")
    if not realm.enabled:
        raise OAuthError("invalid_request", "Realm not enabled")
    return realm


async def authenticate_client(realm: Realm, auth: ClientAuth) -> Client:
    """The enabled, non bearer-only client; a confidential one must present its secret."""
    if not auth.client_id:
        raise OAuthError("invalid_client", "Missing parameter: client_id", unauthorized=True)
    client = await raw.one(
        Client, "SELECT * FROM client WHERE realm_id = ? AND client_id = ?", realm.id, auth.client_id
    )
    if client is None or not client.enabled:
        raise OAuthError("invalid_client", BAD_CLIENT, unauthorized=True)
    if client.bearer_only:
        raise OAuthError("unauthorized_client", "Bearer-only not allowed", unauthorized=True)
    if not client.public_client and not secret_matches(client, auth.secret):
        raise OAuthError("unauthorized_client", BAD_CLIENT, unauthorized=True)
    return client
