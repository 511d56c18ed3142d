"""Built-in clients seeded before they had Keycloak 24's configuration get it on upgrade (migration 0009),
keeping what an administrator changed; protocol mappers and scope lists an older version kept as copies
in a client's config become real mappers and links."""

from __future__ import annotations

import asyncio
import json
import tempfile
from typing import Any

import httpx
from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate

from iamgraph.db import tortoise_config
from tests.support import ADMIN_PASSWORD, fresh_database_url, password_token, serve_process


def _client(uuid: str, client_id: str, **columns: Any) -> dict[str, Any]:
    return {
        "id": uuid,
        "realm_id": "old-id",
        "client_id": client_id,
        "enabled": True,
        "protocol": "openid-connect",
        "public_client": True,
        "bearer_only": False,
        "standard_flow_enabled": True,
        "implicit_flow_enabled": False,
        "direct_access_grants_enabled": False,
        "service_accounts_enabled": False,
        "redirect_uris": "[]",
        "web_origins": "[]",
        "attributes": "{}",
        "config": "{}",
        **columns,
    }


def _role(uuid: str, client_uuid: str, name: str) -> dict[str, Any]:
    return {
        "id": uuid,
        "realm_id": "old-id",
        "client_id": client_uuid,
        "container_id": client_uuid,
        "name": name,
        "attributes": "{}",
    }


async def _old_realm(url: str) -> None:
    """A database at the migration before client scopes, as the old seed left a realm's built-in clients."""
    config = tortoise_config(url)
    await migrate(config=config, target="models.0006_client_configuration")
    await Tortoise.init(config=config)
    conn = connections.get("default")
    numbered = conn.capabilities.dialect == "postgres"
    mappers = [
        {"name": "tenant", "protocolMapper": "oidc-hardcoded-claim-mapper", "config": {"claim.name": "t"}}
    ]
    rows = [
        ("realm", {"id": "old-id", "name": "old", "enabled": True, "config": "{}", "created_at": 0}),
        ("client", _client("old-account", "account", base_url="/realms/old/account/")),
        ("client", _client("old-console", "account-console", base_url="/realms/old/account/")),
        ("client", _client("old-cli", "admin-cli", config=json.dumps({"fullScopeAllowed": True}))),
        ("client", _client("old-sac", "security-admin-console", base_url="/admin/old/console/")),
        (
            "client",
            _client(
                "old-app",
                "app",
                public_client=False,
                config=json.dumps({"protocolMappers": mappers, "defaultClientScopes": ["profile", "ghost"]}),
            ),
        ),
        ("role", _role("old-manage", "old-account", "manage-account")),
        ("role", _role("old-groups", "old-account", "view-groups")),
    ]
    for table, row in rows:
        marks = [f"${n}" if numbered else "?" for n in range(1, len(row) + 1)]
        sql = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(marks)})"
        await conn.execute_query(sql, list(row.values()))
    await Tortoise.close_connections()


def test_older_builtin_clients_get_keycloaks_configuration_on_upgrade() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as keys:
        asyncio.run(_old_realm(url))
        with serve_process(url, keys, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD) as (base, _):
            token = password_token(base, "master", "admin", ADMIN_PASSWORD)
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as admin:
                clients = "/admin/realms/old/clients"
                account = admin.get(f"{clients}/old-account").json()
                assert account["rootUrl"] == "${authBaseUrl}"
                assert account["redirectUris"] == ["/realms/old/account/*"]
                assert account["fullScopeAllowed"] is False
                assert account["attributes"] == {"post.logout.redirect.uris": "+"}
                console = admin.get(f"{clients}/old-console").json()
                assert [m["name"] for m in console["protocolMappers"]] == ["audience resolve"]
                assert console["attributes"]["pkce.code.challenge.method"] == "S256"
                scoped = admin.get(f"{clients}/old-console/scope-mappings/clients/old-account").json()
                assert {r["name"] for r in scoped} == {"manage-account", "view-groups"}
                cli = admin.get(f"{clients}/old-cli").json()
                assert cli["fullScopeAllowed"] is True, "what an administrator set stays"
                sac = admin.get(f"{clients}/old-sac").json()
                assert sac["rootUrl"] == "${authAdminUrl}" and sac["webOrigins"] == ["+"]
                assert [m["name"] for m in sac["protocolMappers"]] == ["locale"]
                app = admin.get(f"{clients}/old-app").json()
                assert [m["name"] for m in app["protocolMappers"]] == ["tenant"]
                assert admin.get(f"{clients}/old-app/protocol-mappers/models").json()[0]["config"] == {
                    "claim.name": "t"
                }
                assert app["defaultClientScopes"] == ["profile"], "the realm has no scope ghost"
                assert set(app["optionalClientScopes"]) == {
                    "address",
                    "microprofile-jwt",
                    "offline_access",
                    "phone",
                }
