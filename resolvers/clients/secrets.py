"""A client's secret (read, regenerate), its rotated secret and its registration access token.

When the realm's client policies ask for secret rotation (an enabled policy whose profile holds Keycloak's
``secret-rotation`` executor), regenerating keeps the previous secret working, sealed in its own column,
until its ``rotated-expiration-period`` ends or it is removed.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import NotFound
from core.runtime import secret_box
from models import Client, Realm
from resolvers.clients.views import ClientView, client_secret, view_of
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event

ROTATION_EXECUTOR = "secret-rotation"
DEFAULT_ROTATED_EXPIRATION = 172800
"""Keycloak's default ``rotated-expiration-period``: two days."""


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


def rotation_period(realm_config: dict[str, Any]) -> int | None:
    """Seconds a rotated secret keeps working, when an enabled client policy asks for rotation."""
    policies = (realm_config.get("clientPolicies") or {}).get("policies") or []
    profiles = (realm_config.get("clientProfiles") or {}).get("profiles") or []
    wanted = {
        name
        for policy in policies
        if isinstance(policy, dict) and policy.get("enabled", True) is not False
        for name in policy.get("profiles") or []
    }
    for profile in profiles:
        if not isinstance(profile, dict) or profile.get("name") not in wanted:
            continue
        for executor in profile.get("executors") or []:
            if isinstance(executor, dict) and executor.get("executor") == ROTATION_EXECUTOR:
                config = executor.get("configuration") or {}
                try:
                    return int(config.get("rotated-expiration-period", DEFAULT_ROTATED_EXPIRATION))
                except (TypeError, ValueError):
                    return DEFAULT_ROTATED_EXPIRATION
    return None


async def get_secret(actor: Actor | None, realm_name: str, client_uuid: str) -> SecretView:
    _, _, client = await _client(actor, realm_name, client_uuid, "view-clients")
    return SecretView(client_secret(client))


async def regenerate_secret(actor: Actor | None, realm_name: str, client_uuid: str) -> SecretView:
    actor, realm, client = await _client(actor, realm_name, client_uuid, "manage-clients")
    period = rotation_period(realm.config)
    new = secrets.token_urlsafe(24)
    async with in_transaction():
        if period is not None and client.secret_enc:
            client.secret_rotated_enc = client.secret_enc
            client.secret_rotated_expires_at = int(time.time()) + period
        client.secret_enc = secret_box().seal(new)
        await client.save(update_fields=["secret_enc", "secret_rotated_enc", "secret_rotated_expires_at"])
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
