"""Keycloak 24's built-in client scopes, as ``OIDCLoginProtocolFactory.createDefaultClientScopesImpl`` and
the SAML factory seed them into every realm, with the realm defaults they are assigned as.

Plain data: realm seeding and the migration that gives existing realms these scopes both read it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from models.base import new_id

OIDC = "openid-connect"
SAML = "saml"

_ALL_TOKENS = {
    "introspection.token.claim": "true",
    "userinfo.token.claim": "true",
    "id.token.claim": "true",
    "access.token.claim": "true",
}


def _mapper(name: str, kind: str, config: dict[str, str], protocol: str = OIDC) -> dict[str, Any]:
    return {
        "name": name,
        "protocol": protocol,
        "protocolMapper": kind,
        "consentRequired": False,
        "config": config,
    }


def _attribute(name: str, attribute: str, claim: str, json_type: str = "String") -> dict[str, Any]:
    config = {**_ALL_TOKENS, "user.attribute": attribute, "claim.name": claim, "jsonType.label": json_type}
    return _mapper(name, "oidc-usermodel-attribute-mapper", config)


def _property(name: str, prop: str, claim: str, json_type: str = "String") -> dict[str, Any]:
    config = {**_ALL_TOKENS, "user.attribute": prop, "claim.name": claim, "jsonType.label": json_type}
    return _mapper(name, "oidc-usermodel-property-mapper", config)


def _scope(
    name: str,
    description: str,
    attributes: dict[str, str],
    mappers: list[dict[str, Any]],
    protocol: str = OIDC,
) -> dict[str, Any]:
    return {
        "name": name,
        "description": description,
        "protocol": protocol,
        "attributes": attributes,
        "protocolMappers": mappers,
    }


def _shown(consent_text: str, in_token: bool = True) -> dict[str, str]:
    return {
        "include.in.token.scope": "true" if in_token else "false",
        "display.on.consent.screen": "true",
        "consent.screen.text": consent_text,
    }


_ROLE_LIST = {"introspection.token.claim": "true", "multivalued": "true", "user.attribute": "foo"}

BUILTIN_SCOPES: list[dict[str, Any]] = [
    _scope(
        "offline_access",
        "OpenID Connect built-in scope: offline_access",
        {"consent.screen.text": "${offlineAccessScopeConsentText}", "display.on.consent.screen": "true"},
        [],
    ),
    _scope(
        "role_list",
        "SAML role list",
        {"consent.screen.text": "${samlRoleListScopeConsentText}", "display.on.consent.screen": "true"},
        [
            _mapper(
                "role list",
                "saml-role-list-mapper",
                {"single": "false", "attribute.nameformat": "Basic", "attribute.name": "Role"},
                SAML,
            )
        ],
        SAML,
    ),
    _scope(
        "profile",
        "OpenID Connect built-in scope: profile",
        _shown("${profileScopeConsentText}"),
        [
            _mapper("full name", "oidc-full-name-mapper", dict(_ALL_TOKENS)),
            _attribute("family name", "lastName", "family_name"),
            _attribute("given name", "firstName", "given_name"),
            _attribute("middle name", "middleName", "middle_name"),
            _attribute("nickname", "nickname", "nickname"),
            _attribute("username", "username", "preferred_username"),
            _attribute("profile", "profile", "profile"),
            _attribute("picture", "picture", "picture"),
            _attribute("website", "website", "website"),
            _attribute("gender", "gender", "gender"),
            _attribute("birthdate", "birthdate", "birthdate"),
            _attribute("zoneinfo", "zoneinfo", "zoneinfo"),
            _attribute("locale", "locale", "locale"),
            _attribute("updated at", "updatedAt", "updated_at", "long"),
        ],
    ),
    _scope(
        "email",
        "OpenID Connect built-in scope: email",
        _shown("${emailScopeConsentText}"),
        [
            _attribute("email", "email", "email"),
            _property("email verified", "emailVerified", "email_verified", "boolean"),
        ],
    ),
    _scope(
        "address",
        "OpenID Connect built-in scope: address",
        _shown("${addressScopeConsentText}"),
        [
            _mapper(
                "address",
                "oidc-address-mapper",
                {
                    **_ALL_TOKENS,
                    "user.attribute.formatted": "formatted",
                    "user.attribute.country": "country",
                    "user.attribute.postal_code": "postal_code",
                    "user.attribute.street": "street",
                    "user.attribute.region": "region",
                    "user.attribute.locality": "locality",
                },
            )
        ],
    ),
    _scope(
        "phone",
        "OpenID Connect built-in scope: phone",
        _shown("${phoneScopeConsentText}"),
        [
            _attribute("phone number", "phoneNumber", "phone_number"),
            _attribute("phone number verified", "phoneNumberVerified", "phone_number_verified", "boolean"),
        ],
    ),
    _scope(
        "roles",
        "OpenID Connect scope for add user roles to the access token",
        _shown("${rolesScopeConsentText}", in_token=False),
        [
            _mapper(
                "realm roles",
                "oidc-usermodel-realm-role-mapper",
                {
                    **_ROLE_LIST,
                    "access.token.claim": "true",
                    "claim.name": "realm_access.roles",
                    "jsonType.label": "String",
                },
            ),
            _mapper(
                "client roles",
                "oidc-usermodel-client-role-mapper",
                {
                    **_ROLE_LIST,
                    "access.token.claim": "true",
                    "claim.name": "resource_access.${client_id}.roles",
                    "jsonType.label": "String",
                },
            ),
            _mapper(
                "audience resolve",
                "oidc-audience-resolve-mapper",
                {"introspection.token.claim": "true", "access.token.claim": "true"},
            ),
        ],
    ),
    _scope(
        "web-origins",
        "OpenID Connect scope for add allowed web origins to the access token",
        {"include.in.token.scope": "false", "display.on.consent.screen": "false", "consent.screen.text": ""},
        [
            _mapper(
                "allowed web origins",
                "oidc-allowed-origins-mapper",
                {"introspection.token.claim": "true", "access.token.claim": "true"},
            )
        ],
    ),
    _scope(
        "microprofile-jwt",
        "Microprofile - JWT built-in scope",
        {"include.in.token.scope": "true", "display.on.consent.screen": "false"},
        [
            _attribute("upn", "username", "upn"),
            _mapper(
                "groups",
                "oidc-usermodel-realm-role-mapper",
                {
                    **_ROLE_LIST,
                    "id.token.claim": "true",
                    "access.token.claim": "true",
                    "claim.name": "groups",
                    "jsonType.label": "String",
                },
            ),
        ],
    ),
    _scope(
        "acr",
        "OpenID Connect scope for add acr (authentication context class reference) to the token",
        {"include.in.token.scope": "false", "display.on.consent.screen": "false"},
        [
            _mapper(
                "acr loa level",
                "oidc-acr-mapper",
                {"id.token.claim": "true", "introspection.token.claim": "true", "access.token.claim": "true"},
            )
        ],
    ),
]

# The realm's defaults as Keycloak assigns them: name -> default (true) or optional (false).
REALM_DEFAULTS: dict[str, bool] = {
    "role_list": True,
    "profile": True,
    "email": True,
    "roles": True,
    "web-origins": True,
    "acr": True,
    "offline_access": False,
    "address": False,
    "phone": False,
    "microprofile-jwt": False,
}

# The realm role the offline_access scope maps (its scope mapping), as Keycloak seeds it.
OFFLINE_ACCESS_ROLE = "offline_access"


async def seed_builtin_scopes(conn: BaseDBAsyncClient, realm_id: str) -> None:
    """Give a realm the built-in scopes (those it lacks by name), its defaults, the offline_access scope
    mapping, and every client of a scope's protocol that has no scope yet the realm defaults. Plain SQL on
    ``conn``, so the migration for existing databases and realm creation share it."""
    sql = Sql(conn)
    have = {
        r["name"]: r["id"]
        for r in await sql.rows("SELECT id, name FROM client_scope WHERE realm_id = ?", realm_id)
    }
    for scope in BUILTIN_SCOPES:
        if scope["name"] in have:
            continue
        scope_id = new_id()
        have[scope["name"]] = scope_id
        await sql.run(
            "INSERT INTO client_scope (id, realm_id, name, description, protocol, attributes) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            scope_id,
            realm_id,
            scope["name"],
            scope["description"],
            scope["protocol"],
            json.dumps(scope["attributes"]),
        )
        for position, m in enumerate(scope["protocolMappers"]):
            await sql.run(
                "INSERT INTO protocol_mapper (id, scope_id, owner_id, name, protocol, protocol_mapper, "
                "consent_required, config, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new_id(),
                scope_id,
                scope_id,
                m["name"],
                m["protocol"],
                m["protocolMapper"],
                False,
                json.dumps(m["config"]),
                position,
            )
        await sql.run(
            'INSERT INTO realm_default_scope (realm_id, scope_id, "default") VALUES (?, ?, ?)',
            realm_id,
            scope_id,
            REALM_DEFAULTS[scope["name"]],
        )
        if scope["name"] == "offline_access":
            role = await sql.rows(
                "SELECT id FROM role WHERE container_id = ? AND name = ?", realm_id, OFFLINE_ACCESS_ROLE
            )
            if role:
                await sql.run(
                    "INSERT INTO scope_mapping (scope_id, owner_id, role_id) VALUES (?, ?, ?)",
                    scope_id,
                    scope_id,
                    role[0]["id"],
                )
    defaults = await sql.rows(
        'SELECT d.scope_id, d."default", s.protocol FROM realm_default_scope d '
        "JOIN client_scope s ON s.id = d.scope_id WHERE d.realm_id = ?",
        realm_id,
    )
    clients = await sql.rows(
        "SELECT c.id, c.protocol FROM client c WHERE c.realm_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM client_scope_link l WHERE l.client_id = c.id)",
        realm_id,
    )
    for client in clients:
        for d in defaults:
            if d["protocol"] == (client["protocol"] or OIDC):
                await sql.run(
                    'INSERT INTO client_scope_link (client_id, scope_id, "default") VALUES (?, ?, ?)',
                    client["id"],
                    d["scope_id"],
                    bool(d["default"]),
                )


class Sql:
    """``?`` placeholders on either database."""

    def __init__(self, conn: BaseDBAsyncClient) -> None:
        self.conn = conn
        self.numbered = conn.capabilities.dialect == "postgres"

    def _sql(self, sql: str) -> str:
        if not self.numbered:
            return sql
        counter = iter(range(1, 1000))
        return re.sub(r"\?", lambda _: f"${next(counter)}", sql)

    async def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        return list(await self.conn.execute_query_dict(self._sql(sql), list(params)))

    async def run(self, sql: str, *params: Any) -> None:
        await self.conn.execute_query(self._sql(sql), list(params))
