import json
from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.schema_editor.base import BaseSchemaEditor

from models.base import new_id
from models.builtin_clients import configure_builtin_clients
from models.builtin_scopes import OIDC, Sql

_COMPOSED = ("protocolMappers", "defaultClientScopes", "optionalClientScopes")


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, (str, bytes)) else value


async def _composed_copies(sql: Sql, client: dict[str, Any]) -> None:
    """A client given ``protocolMappers`` or scope lists before they were written as mappers and links
    kept them as copies in its config document, where they shaped no token: they become the client's
    mappers and links (a scope name the realm lacks is left out), and the copies go."""
    config = _json(client["config"]) or {}
    if not any(k in config for k in _COMPOSED):
        return
    have = {
        (r["protocol"], r["name"])
        for r in await sql.rows("SELECT protocol, name FROM protocol_mapper WHERE owner_id = ?", client["id"])
    }
    for position, m in enumerate(config.get("protocolMappers") or []):
        if not isinstance(m, dict) or not isinstance(m.get("name"), str) or not m.get("protocolMapper"):
            continue
        key = (m.get("protocol") or client["protocol"] or OIDC, m["name"])
        if key in have:
            continue
        have.add(key)
        await sql.run(
            "INSERT INTO protocol_mapper (id, client_id, owner_id, name, protocol, protocol_mapper, "
            "consent_required, config, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            new_id(),
            client["id"],
            client["id"],
            m["name"],
            key[0],
            str(m["protocolMapper"]),
            m.get("consentRequired") is True,
            json.dumps({str(k): str(v) for k, v in (m.get("config") or {}).items()}),
            1000 + position,
        )
    lists = [(True, config.get("defaultClientScopes")), (False, config.get("optionalClientScopes"))]
    if any(isinstance(names, list) for _, names in lists):
        scopes = {
            r["name"]: r
            for r in await sql.rows(
                "SELECT id, name, protocol FROM client_scope WHERE realm_id = ?", client["realm_id"]
            )
        }
        for default, names in lists:
            if not isinstance(names, list):
                continue
            await sql.run(
                'DELETE FROM client_scope_link WHERE client_id = ? AND "default" = ?', client["id"], default
            )
            for name in names:
                scope = scopes.get(name)
                if scope is None or scope["protocol"] != (client["protocol"] or OIDC):
                    continue
                await sql.run(
                    "DELETE FROM client_scope_link WHERE client_id = ? AND scope_id = ?",
                    client["id"],
                    scope["id"],
                )
                await sql.run(
                    'INSERT INTO client_scope_link (client_id, scope_id, "default") VALUES (?, ?, ?)',
                    client["id"],
                    scope["id"],
                    default,
                )
    rest = {k: v for k, v in config.items() if k not in _COMPOSED}
    await sql.run("UPDATE client SET config = ? WHERE id = ?", json.dumps(rest), client["id"])


async def _configure(apps: object, schema_editor: BaseSchemaEditor) -> None:
    """Built-in clients seeded before they had Keycloak 24's configuration get it where the old seed left
    a setting empty (what an administrator set stays)."""
    conn = schema_editor.client
    sql = Sql(conn)
    for realm in await sql.rows("SELECT id, name FROM realm"):
        await configure_builtin_clients(conn, str(realm["id"]), str(realm["name"]))
    for client in await sql.rows("SELECT id, realm_id, protocol, config FROM client"):
        await _composed_copies(sql, client)


class Migration(migrations.Migration):
    dependencies = [("models", "0010_authentication_flows")]

    initial = False

    operations = [ops.RunPython(_configure, ops.RunPython.noop)]
