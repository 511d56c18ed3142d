"""A client's secret (read, regenerate), its rotated secret and its registration access token.

When a client policy that reaches the client asks for secret rotation (``resolvers/client_policies/
enforcement``), regenerating keeps the previous secret working, sealed in its own column, until its
``rotated-expiration-period`` ends or it is removed, and stamps the new secret's creation and expiry.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from core.errors import NotFound
from core.runtime import secret_box
from models import Client, Realm
from resolvers.client_policies import enforcement
from resolvers.clients.views import ClientView, client_secret, view_of
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event


@dataclass(frozen=True)
class SecretView:
    """Keycloak's CredentialRepresentation of a client secret; ``expires_at`` for a rotated one."""

    value: str | None
    expires_at: int | None = None


@dataclass(frozen=True)
class RegistrationTokenView:
    client: ClientView
    token: str


async def _client(
    actor: Actor | None, realm_name: str, client_uuid: str, right: str
) -> tuple[Actor, Realm, Client]:
    actor = rights.require(actor, realm_name, right)
    realm = await lookup.realm_by_name(realm_name)
    return actor, realm, await lookup.client_in_realm(realm, client_uuid)


async def get_secret(actor: Actor | None, realm_name: str, client_uuid: str) -> SecretView:
    _, _, client = await _client(actor, realm_name, client_uuid, "view-clients")
    return SecretView(client_secret(client))


async def regenerate_secret(actor: Actor | None, realm_name: str, client_uuid: str) -> SecretView:
    actor, realm, client = await _client(actor, realm_name, client_uuid, "manage-clients")
    rotation = await enforcement.rotation(realm, client)
    if rotation is not None:
        new = enforcement.rotate(client, rotation)
    else:
        new = secrets.token_urlsafe(24)
        client.secret_enc = secret_box().seal(new)
    async with in_transaction():
        await client.save(
            update_fields=["secret_enc", "secret_rotated_enc", "secret_rotated_expires_at", "attributes"]
        )
        await record_admin_event(realm, actor, "ACTION", "CLIENT", f"clients/{client.id}/client-secret")
    return SecretView(new)


async def rotated_secret_or_none(actor: Actor | None, realm_name: str, client_uuid: str) -> SecretView | None:
    _, _, client = await _client(actor, realm_name, client_uuid, "view-clients")
    expires = client.secret_rotated_expires_at
    if not client.secret_rotated_enc or (expires is not None and expires <= time.time()):
        return None
    return SecretView(secret_box().open(client.secret_rotated_enc), expires)


async def get_rotated_secret(actor: Actor | None, realm_name: str, client_uuid: str) -> SecretView:
    found = await rotated_secret_or_none(actor, realm_name, client_uuid)
    if found is None:
        raise NotFound("Client does not have a rotated secret")
    return found


async def remove_rotated_secret(actor: Actor | None, realm_name: str, client_uuid: str) -> None:
    actor, realm, client = await _client(actor, realm_name, client_uuid, "manage-clients")
    async with in_transaction():
        client.secret_rotated_enc = None
        client.secret_rotated_expires_at = None
        await client.save(update_fields=["secret_rotated_enc", "secret_rotated_expires_at"])
        await record_admin_event(
            realm, actor, "DELETE", "CLIENT", f"clients/{client.id}/client-secret/rotated"
        )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def new_registration_token(
    actor: Actor | None, realm_name: str, client_uuid: str
) -> RegistrationTokenView:
    """A new registration access token; only its hash is kept, so this is the one time it is shown."""
    actor, realm, client = await _client(actor, realm_name, client_uuid, "manage-clients")
    token = secrets.token_urlsafe(48)
    async with in_transaction():
        client.registration_token_hash = token_hash(token)
        await client.save(update_fields=["registration_token_hash"])
        await record_admin_event(
            realm, actor, "ACTION", "CLIENT", f"clients/{client.id}/registration-access-token"
        )
    return RegistrationTokenView(view_of(actor, realm_name, client), token)
