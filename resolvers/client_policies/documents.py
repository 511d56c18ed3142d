"""Client profiles and policies (``/client-policies``), kept in the realm's ``clientProfiles`` and
``clientPolicies`` settings as Keycloak's RealmRepresentation holds them, and checked as Keycloak's
``ClientPoliciesUtil`` checks them: known executor and condition providers, unique names, policies naming
existing profiles. Keycloak's global profiles (``global_profiles.json``, Keycloak's
``keycloak-default-client-profiles.json``) are read-only and shown on request."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import InvalidInput
from models import Realm
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event

PROFILES, POLICIES = "clientProfiles", "clientPolicies"
GLOBAL_PROFILES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "global_profiles.json").read_text(encoding="utf-8")
)["profiles"]
EXECUTORS = frozenset(
    {
        "confidential-client",
        "consent-required",
        "full-scope-disabled",
        "holder-of-key-enforcer",
        "intent-client-bind-checker",
        "pkce-enforcer",
        "reject-implicit-grant",
        "reject-resource-owner-password-credentials-grant",
        "secret-rotation",
        "secure-ciba-req-sig-algorithm",
        "secure-ciba-session",
        "secure-ciba-signed-authn-req",
        "secure-client-authenticator",
        "secure-client-uris",
        "secure-par-content",
        "secure-request-object",
        "secure-response-type",
        "secure-session",
        "secure-signature-algorithm",
        "secure-signature-algorithm-signed-jwt",
        "suppress-refresh-token-rotation",
        "dpop-bind-enforcer",
        "use-lightweight-access-token",
        "registration-access-token-rotation-disabled",
    }
)
"""Keycloak 24's executor providers."""
UNSUPPORTED_EXECUTORS = {
    "holder-of-key-enforcer": "certificate-bound tokens (mutual TLS) are not served here"
}
CONDITIONS = frozenset(
    {
        "any-client",
        "client-access-type",
        "client-attributes",
        "client-roles",
        "client-scopes",
        "client-updater-context",
        "client-updater-source-groups",
        "client-updater-source-host",
        "client-updater-source-roles",
    }
)
"""Keycloak 24's condition providers."""


def _refuse(message: str, where: str) -> InvalidInput:
    return InvalidInput(message, field=where)


def _named_list(document: Any, key: str, where: str) -> list[dict[str, Any]]:
    if not isinstance(document, dict):
        raise _refuse(f"Invalid json representation for {where}", where)
    items = document.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise _refuse(f"Invalid json representation for {where}", where)
    return items


def check_profiles(document: Any) -> dict[str, Any]:
    """The realm's profiles as stored: ``{"profiles": [...]}``, each named once and not as a global
    profile, each executor a known provider (and one served here)."""
    profiles = _named_list(document, "profiles", PROFILES)
    seen = {p["name"] for p in GLOBAL_PROFILES}
    for profile in profiles:
        name = profile.get("name")
        if not isinstance(name, str) or not name:
            raise _refuse("proposed client profile name missing.", PROFILES)
        if name in seen:
            raise _refuse("proposed client profile name duplicated.", PROFILES)
        seen.add(name)
        executors = profile.get("executors") or []
        if not isinstance(executors, list):
            raise _refuse(f"Invalid json representation for {PROFILES}", PROFILES)
        for executor in executors:
            provider = executor.get("executor") if isinstance(executor, dict) else None
            if provider not in EXECUTORS or not isinstance(executor.get("configuration") or {}, dict):
                raise _refuse(
                    "proposed client profile contains the executor with its invalid configuration.", PROFILES
                )
            if provider in UNSUPPORTED_EXECUTORS:
                raise _refuse(
                    f"The executor {provider} is not supported: {UNSUPPORTED_EXECUTORS[provider]}", PROFILES
                )
    return {"profiles": copy.deepcopy(profiles)}


def check_policies(document: Any, profiles: list[dict[str, Any]]) -> dict[str, Any]:
    """The realm's policies as stored: named once, known conditions, naming existing profiles (the
    realm's or global ones); an enabled policy may not bring an unsupported executor in."""
    policies = _named_list(document, "policies", POLICIES)
    by_name = {p["name"]: p for p in [*GLOBAL_PROFILES, *profiles] if isinstance(p.get("name"), str)}
    seen: set[str] = set()
    for policy in policies:
        name = policy.get("name")
        if not isinstance(name, str) or not name:
            raise _refuse("proposed client policy name missing.", POLICIES)
        if name in seen:
            raise _refuse("proposed client policy name duplicated.", POLICIES)
        seen.add(name)
        if not isinstance(policy.get("enabled", False), bool):
            raise _refuse("enabled must be a boolean", POLICIES)
        for condition in policy.get("conditions") or []:
            provider = condition.get("condition") if isinstance(condition, dict) else None
            if provider not in CONDITIONS or not isinstance(condition.get("configuration") or {}, dict):
                raise _refuse(
                    "proposed client policy contains the condition with its invalid configuration.", POLICIES
                )
        names = policy.get("profiles") or []
        if not isinstance(names, list) or any(n not in by_name for n in names):
            raise _refuse("proposed client policy contains the non-existent client profile.", POLICIES)
        if policy.get("enabled"):
            for n in names:
                for executor in by_name[n].get("executors") or []:
                    if executor.get("executor") in UNSUPPORTED_EXECUTORS:
                        raise _refuse(
                            f"Client profile {n} uses the executor {executor['executor']}, which is not "
                            f"supported: {UNSUPPORTED_EXECUTORS[executor['executor']]}",
                            POLICIES,
                        )
    return {"policies": copy.deepcopy(policies)}


def check_settings(settings: dict[str, Any], stored: dict[str, Any]) -> None:
    """Check the profiles and policies a realm create or update gives (a realm export brings them)."""
    if PROFILES in settings:
        settings[PROFILES] = check_profiles(settings[PROFILES] or {})
    if PROFILES in settings or POLICIES in settings:
        profiles = (settings.get(PROFILES) or stored.get(PROFILES) or {}).get("profiles") or []
        settings[POLICIES] = check_policies(settings.get(POLICIES, stored.get(POLICIES)) or {}, profiles)


def _stored(realm: Realm, key: str, inner: str) -> list[dict[str, Any]]:
    found = (realm.config.get(key) or {}).get(inner)
    return found if isinstance(found, list) else []


async def get_profiles(actor: Actor | None, realm_name: str, include_global: bool) -> dict[str, Any]:
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    found: dict[str, Any] = {"profiles": _stored(realm, PROFILES, "profiles")}
    if include_global:
        found["globalProfiles"] = copy.deepcopy(GLOBAL_PROFILES)
    return found


async def get_policies(actor: Actor | None, realm_name: str, include_global: bool) -> dict[str, Any]:
    rights.require(actor, realm_name, "view-realm")
    realm = await lookup.realm_by_name(realm_name)
    found: dict[str, Any] = {"policies": _stored(realm, POLICIES, "policies")}
    if include_global:
        found["globalPolicies"] = []
    return found


async def _store(actor: Actor, realm_name: str, key: str, document: Any, path: str) -> None:
    realm = await lookup.realm_by_name(realm_name)
    async with in_transaction():
        locked = await Realm.select_for_update().get(id=realm.id)
        if key == PROFILES:
            checked = check_profiles(document)
            policies = locked.config.get(POLICIES) or {}
            check_policies(policies, checked["profiles"])
        else:
            checked = check_policies(document, _stored(locked, PROFILES, "profiles"))
        locked.config = {**locked.config, key: checked}
        await locked.save(update_fields=["config"])
        await record_admin_event(locked, actor, "UPDATE", "REALM", path, checked)


async def set_profiles(actor: Actor | None, realm_name: str, document: Any) -> None:
    actor = rights.require(actor, realm_name, "manage-realm")
    await _store(actor, realm_name, PROFILES, document, "client-policies/profiles")


async def set_policies(actor: Actor | None, realm_name: str, document: Any) -> None:
    actor = rights.require(actor, realm_name, "manage-realm")
    await _store(actor, realm_name, POLICIES, document, "client-policies/policies")
