"""Keycloak 24's configuration of the built-in clients (``RealmManager.setupAccountManagement``,
``setupAdminConsole``, ``setupAdminConsoleLocaleMapper``, ``setupAdminCli``, ``setupBrokerService``,
``setupRealmAdminManagement``, as a Keycloak 24 realm export shows them): URLs, flags, attributes, protocol
mappers and the scope mappings Keycloak seeds.

Plain data and plain SQL: realm seeding and the migration that brings existing realms' built-in clients to
this configuration both call ``configure_builtin_clients``. It only fills what the old seed left empty,
so a setting an administrator changed is kept.
"""

from __future__ import annotations

import json
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from models.base import new_id
from models.builtin_scopes import Sql

AUTH_BASE_URL = "${authBaseUrl}"
AUTH_ADMIN_URL = "${authAdminUrl}"

_LOGOUT = {"post.logout.redirect.uris": "+"}
_PKCE = {"pkce.code.challenge.method": "S256"}

BUILTIN_CLIENT_CONFIG: dict[str, dict[str, Any]] = {
    "account": {
        "root_url": AUTH_BASE_URL,
        "base_url": "/realms/{realm}/account/",
        "redirect_uris": ["/realms/{realm}/account/*"],
        "attributes": _LOGOUT,
    },
    "account-console": {
        "root_url": AUTH_BASE_URL,
        "base_url": "/realms/{realm}/account/",
        "redirect_uris": ["/realms/{realm}/account/*"],
        "attributes": _LOGOUT | _PKCE,
    },
    "admin-cli": {"attributes": _LOGOUT},
    "broker": {"attributes": _LOGOUT},
    "realm-management": {"attributes": _LOGOUT},
    "security-admin-console": {
        "root_url": AUTH_ADMIN_URL,
        "base_url": "/admin/{realm}/console/",
        "redirect_uris": ["/admin/{realm}/console/*"],
        "web_origins": ["+"],
        "attributes": _LOGOUT | _PKCE,
    },
}
"""Per clientId: the columns Keycloak sets (``{realm}`` standing for the realm's name)."""

BUILTIN_SETTINGS: dict[str, Any] = {"fullScopeAllowed": False, "nodeReRegistrationTimeout": 0}
"""Settings of every built-in client: none has the full scope."""

ADMIN_IDENTITY_CLIENTS = frozenset({"admin-cli", "security-admin-console"})
"""Clients whose callers Keycloak's admin API judges by the user's role mappings, not by the token
(``MgmtPermissions.initIdentity``): their tokens carry the user's roles whatever their scope."""

_LOCALE = {
    "introspection.token.claim": "true",
    "userinfo.token.claim": "true",
    "user.attribute": "locale",
    "id.token.claim": "true",
    "access.token.claim": "true",
    "claim.name": "locale",
    "jsonType.label": "String",
}

BUILTIN_MAPPERS: dict[str, list[dict[str, Any]]] = {
    "account-console": [
        {"name": "audience resolve", "protocolMapper": "oidc-audience-resolve-mapper", "config": {}}
    ],
    "security-admin-console": [
        {"name": "locale", "protocolMapper": "oidc-usermodel-attribute-mapper", "config": _LOCALE}
    ],
}

BUILTIN_SCOPE_MAPPINGS: dict[str, list[tuple[str, str]]] = {
    "account-console": [("account", "manage-account"), ("account", "view-groups")],
}
"""Per clientId: the (client, role) pairs in its scope."""


async def configure_builtin_clients(conn: BaseDBAsyncClient, realm_id: str, realm_name: str) -> None:
    sql = Sql(conn)
    rows = await sql.rows(
        "SELECT id, client_id, root_url, base_url, redirect_uris, web_origins, attributes, config "
        "FROM client WHERE realm_id = ?",
        realm_id,
    )
    by_client_id = {str(r["client_id"]): r for r in rows}
    for client_id, spec in BUILTIN_CLIENT_CONFIG.items():
        row = by_client_id.get(client_id)
        if row is None:
            continue
        await _columns(sql, row, spec, realm_name)
        await _mappers(sql, str(row["id"]), BUILTIN_MAPPERS.get(client_id, []))
        for owner_client, role in BUILTIN_SCOPE_MAPPINGS.get(client_id, []):
            owner = by_client_id.get(owner_client)
            if owner is not None:
                await _scope_mapping(sql, str(row["id"]), str(owner["id"]), role)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, (str, bytes)) else value


async def _columns(sql: Sql, row: dict[str, Any], spec: dict[str, Any], realm_name: str) -> None:
    def url(value: str) -> str:
        return value.replace("{realm}", realm_name)

    root_url = row["root_url"] or spec.get("root_url")
    base_url = row["base_url"] or (url(spec["base_url"]) if "base_url" in spec else None)
    redirects = _json(row["redirect_uris"]) or [url(u) for u in spec.get("redirect_uris", [])]
    origins = _json(row["web_origins"]) or list(spec.get("web_origins", []))
    attributes = {**spec.get("attributes", {}), **(_json(row["attributes"]) or {})}
    config = {**BUILTIN_SETTINGS, **(_json(row["config"]) or {})}
    await sql.run(
        "UPDATE client SET root_url = ?, base_url = ?, redirect_uris = ?, web_origins = ?, attributes = ?, "
        "config = ? WHERE id = ?",
        root_url,
        base_url,
        json.dumps(redirects),
        json.dumps(origins),
        json.dumps(attributes),
        json.dumps(config),
        row["id"],
    )


async def _mappers(sql: Sql, client_uuid: str, mappers: list[dict[str, Any]]) -> None:
    have = {
        r["name"] for r in await sql.rows("SELECT name FROM protocol_mapper WHERE owner_id = ?", client_uuid)
    }
    for position, m in enumerate(mappers):
        if m["name"] in have:
            continue
        await sql.run(
            "INSERT INTO protocol_mapper (id, client_id, owner_id, name, protocol, protocol_mapper, "
            "consent_required, config, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            new_id(),
            client_uuid,
            client_uuid,
            m["name"],
            "openid-connect",
            m["protocolMapper"],
            False,
            json.dumps(m["config"]),
            position,
        )


async def _scope_mapping(sql: Sql, client_uuid: str, role_client_uuid: str, role_name: str) -> None:
    role = await sql.rows(
        "SELECT id FROM role WHERE container_id = ? AND name = ?", role_client_uuid, role_name
    )
    if not role:
        return
    exists = await sql.rows(
        "SELECT 1 FROM scope_mapping WHERE owner_id = ? AND role_id = ?", client_uuid, role[0]["id"]
    )
    if not exists:
        await sql.run(
            "INSERT INTO scope_mapping (client_id, owner_id, role_id) VALUES (?, ?, ?)",
            client_uuid,
            client_uuid,
            role[0]["id"],
        )
