"""Client policies enforced on a client's admin create (``register``) and update (``update``), as
Keycloak's client policy manager runs them: a policy applies when it is enabled and its conditions vote
yes (a condition that does not decide the event abstains, a no from any condition rules it out); the
executors of its profiles then run in order on the proposed client.

Executors acting on these events here: ``pkce-enforcer`` (with ``auto-configure``, S256 is set; without,
anything but S256 is refused) and ``secret-rotation`` (a confidential client's secret gets a creation
and an expiration time, and an update of a client whose secret expired, or is within
``remaining-rotation-period`` of expiring, rotates it). Keycloak's other executors act on authorization
and token requests, not on these events (``confidential-client`` among them), so a write passes them.

Conditions decided here: ``any-client``, ``client-access-type``, ``client-roles`` and
``client-updater-context`` (an admin write is ``ByAuthenticatedUser``); the others abstain."""

from __future__ import annotations

import secrets
import time
from typing import Any, Literal

from core.errors import ClientPolicyViolation
from core.runtime import secret_box
from models import Client, Realm, Role
from resolvers.client_policies.documents import GLOBAL_PROFILES, POLICIES, PROFILES

Event = Literal["register", "update"]
Vote = Literal["yes", "no", "abstain"]

PKCE_METHOD = "pkce.code.challenge.method"
CREATION_TIME = "client.secret.creation.time"
EXPIRATION_TIME = "client.secret.expiration.time"
EXPIRATION_PERIOD = 2592000
ROTATED_EXPIRATION_PERIOD = 172800
REMAINING_ROTATION_PERIOD = 864000
"""Keycloak's defaults for ``secret-rotation``: 30 days, 2 days and 10 days."""


def _flag(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _seconds(config: dict[str, Any], key: str, default: int) -> int:
    try:
        return int(config.get(key, default))
    except (TypeError, ValueError):
        return default


def access_type(client: Client) -> str:
    if client.bearer_only:
        return "bearer-only"
    return "public" if client.public_client else "confidential"


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


async def _vote(condition: dict[str, Any], client: Client, event: Event) -> Vote:
    provider = condition.get("condition")
    config = condition.get("configuration") or {}
    matched: bool
    if provider == "any-client":
        matched = True
    elif provider == "client-access-type":
        matched = access_type(client) in (_as_list(config.get("type")) or ["confidential"])
    elif provider == "client-roles":
        names = _as_list(config.get("roles"))
        matched = bool(names) and await Role.filter(client_id=client.id, name__in=names).exists()
    elif provider == "client-updater-context" and event == "register":
        matched = "ByAuthenticatedUser" in (
            _as_list(config.get("update-client-source")) or ["ByAuthenticatedUser"]
        )
    else:
        return "abstain"
    if _flag(config.get("is-negative-logic")):
        matched = not matched
    return "yes" if matched else "no"


async def _applies(policy: dict[str, Any], client: Client, event: Event) -> bool:
    if policy.get("enabled") is not True:
        return False
    decided = False
    for condition in policy.get("conditions") or []:
        vote = await _vote(condition, client, event) if isinstance(condition, dict) else "abstain"
        if vote == "no":
            return False
        decided = decided or vote == "yes"
    return decided


def _profiles(realm: Realm) -> dict[str, dict[str, Any]]:
    own = (realm.config.get(PROFILES) or {}).get("profiles") or []
    return {p["name"]: p for p in [*GLOBAL_PROFILES, *own] if isinstance(p, dict) and "name" in p}


async def executors(realm: Realm, client: Client, event: Event) -> list[tuple[str, dict[str, Any]]]:
    """The executors (provider id, configuration) the realm's policies run on this write, in order."""
    profiles = _profiles(realm)
    found: list[tuple[str, dict[str, Any]]] = []
    for policy in (realm.config.get(POLICIES) or {}).get("policies") or []:
        if not isinstance(policy, dict) or not await _applies(policy, client, event):
            continue
        for name in policy.get("profiles") or []:
            for executor in (profiles.get(name) or {}).get("executors") or []:
                if isinstance(executor, dict):
                    found.append((str(executor.get("executor")), executor.get("configuration") or {}))
    return found


def _pkce(client: Client, config: dict[str, Any]) -> None:
    if _flag(config.get("auto-configure")):
        client.attributes = {**client.attributes, PKCE_METHOD: "S256"}
    if client.attributes.get(PKCE_METHOD) != "S256":
        raise ClientPolicyViolation(
            "invalid_client_metadata", "Invalid client metadata: code_challenge_method"
        )


def _uses_secret(client: Client) -> bool:
    authenticator = client.config.get("clientAuthenticatorType") or "client-secret"
    return access_type(client) == "confidential" and authenticator in ("client-secret", "client-secret-jwt")


def _stamp(client: Client, now: int, config: dict[str, Any]) -> None:
    expires = now + _seconds(config, "expiration-period", EXPIRATION_PERIOD)
    client.attributes = {**client.attributes, CREATION_TIME: str(now), EXPIRATION_TIME: str(expires)}


def rotate(client: Client, config: dict[str, Any]) -> str:
    """A new secret for the client; the previous one keeps working for ``rotated-expiration-period``."""
    now = int(time.time())
    if client.secret_enc:
        client.secret_rotated_enc = client.secret_enc
        period = _seconds(config, "rotated-expiration-period", ROTATED_EXPIRATION_PERIOD)
        client.secret_rotated_expires_at = now + period
    new = secrets.token_urlsafe(24)
    client.secret_enc = secret_box().seal(new)
    _stamp(client, now, config)
    return new


async def rotation(realm: Realm, client: Client) -> dict[str, Any] | None:
    """The configuration of the ``secret-rotation`` executor that applies to the client, if one does."""
    return next((c for p, c in await executors(realm, client, "update") if p == "secret-rotation"), None)


def _rotation(client: Client, config: dict[str, Any], event: Event) -> None:
    if not _uses_secret(client):
        return
    now = int(time.time())
    try:
        expires = int(client.attributes.get(EXPIRATION_TIME) or 0)
    except (TypeError, ValueError):
        expires = 0
    if event == "register" or not expires:
        _stamp(client, now, config)
        return
    if expires - now <= _seconds(config, "remaining-rotation-period", REMAINING_ROTATION_PERIOD):
        rotate(client, config)


async def enforce(realm: Realm, client: Client, event: Event) -> None:
    """Run the applicable executors on ``client`` as proposed (not yet saved); a refusal raises
    ``ClientPolicyViolation`` and nothing is written."""
    for provider, config in await executors(realm, client, event):
        if provider == "pkce-enforcer":
            _pkce(client, config)
        elif provider == "secret-rotation":
            _rotation(client, config, event)
