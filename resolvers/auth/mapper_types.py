"""The OIDC protocol mapper types, as Keycloak's ``oidc-*-mapper`` providers shape a token's claims.

Each mapper is a pure function of the claim context (what the pipeline gathered about the user, the
client and the granted scopes) that writes into one token's claims. ``Target`` says which token.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from models import ProtocolMapper

Target = Literal["access", "id", "userinfo", "introspection"]

_FLAG = {
    "access": "access.token.claim",
    "id": "id.token.claim",
    "userinfo": "userinfo.token.claim",
    "introspection": "introspection.token.claim",
}

# A user's model properties as Keycloak's property mapper names them.
_PROPERTIES = {
    "id": "id",
    "username": "username",
    "email": "email",
    "firstName": "first_name",
    "lastName": "last_name",
    "emailVerified": "email_verified",
    "enabled": "enabled",
    "createdTimestamp": "created_timestamp",
}


@dataclass
class ClaimContext:
    """What a token's mappers may read: the user (its properties, attributes and group paths), the roles
    in scope, the session's notes, the client's web origins and the requesting client's id."""

    client_id: str
    properties: dict[str, Any]
    attributes: dict[str, list[str]]
    group_paths: list[str]
    realm_roles: set[str]
    client_roles: dict[str, set[str]]
    session_notes: dict[str, str]
    web_origins: list[str]
    audiences: list[str] = field(default_factory=list)


def included(mapper: ProtocolMapper, target: Target) -> bool:
    """Whether the mapper writes into the target token; introspection follows the access token when its
    own flag is missing, as Keycloak 24 does for mappers made before the flag existed."""
    config = mapper.config
    if target == "introspection" and _FLAG["introspection"] not in config:
        return config.get(_FLAG["access"]) == "true"
    return config.get(_FLAG[target]) == "true"


def _path(claim_name: str) -> list[str]:
    """A claim name's nesting: dots split levels, ``\\.`` is a literal dot."""
    return [part.replace("\\.", ".") for part in re.split(r"(?<!\\)\.", claim_name) if part]


def set_claim(claims: dict[str, Any], claim_name: str, value: Any, *, merge: bool = False) -> None:
    """Write a (possibly nested) claim; ``merge`` extends an existing list instead of replacing it."""
    path = _path(claim_name)
    if not path or value is None:
        return
    node = claims
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    last = path[-1]
    if merge and isinstance(node.get(last), list) and isinstance(value, list):
        node[last] = list(dict.fromkeys([*node[last], *value]))
    else:
        node[last] = value


def _typed(value: Any, json_type: str | None) -> Any:
    kind = (json_type or "String").lower()
    try:
        if kind in ("long", "int"):
            return int(value)
        if kind == "boolean":
            return value if isinstance(value, bool) else str(value).lower() == "true"
        if kind == "json":
            return json.loads(value) if isinstance(value, str) else value
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, (bool, int)) and kind != "string" else str(value)


def _values(config: dict[str, str], raw: list[Any]) -> Any:
    typed = [v for v in (_typed(r, config.get("jsonType.label")) for r in raw) if v is not None]
    if config.get("multivalued") == "true":
        return typed
    return typed[0] if typed else None


def _user_property(m: ProtocolMapper, ctx: ClaimContext, claims: dict[str, Any]) -> None:
    value = ctx.properties.get(_PROPERTIES.get(m.config.get("user.attribute", ""), ""))
    if value is not None:
        set_claim(claims, m.config.get("claim.name", ""), _typed(value, m.config.get("jsonType.label")))


def _user_attribute(m: ProtocolMapper, ctx: ClaimContext, claims: dict[str, Any]) -> None:
    name = m.config.get("user.attribute", "")
    raw: list[Any] = list(ctx.attributes.get(name, []))
    if not raw and name in _PROPERTIES and ctx.properties.get(_PROPERTIES[name]) is not None:
        raw = [ctx.properties[_PROPERTIES[name]]]  # the user profile's own fields are attributes too
    multivalued = m.config.get("multivalued") == "true"
    set_claim(claims, m.config.get("claim.name", ""), _values(m.config, raw), merge=multivalued)


def _hardcoded_claim(m: ProtocolMapper, ctx: ClaimContext, claims: dict[str, Any]) -> None:
    value = _typed(m.config.get("claim.value"), m.config.get("jsonType.label"))
    set_claim(claims, m.config.get("claim.name", ""), value)


def _prefixed(roles: set[str], prefix: str | None) -> list[str]:
    return sorted(f"{prefix or ''}{r}" for r in roles)


def _realm_roles(m: ProtocolMapper, ctx: ClaimContext, claims: dict[str, Any]) -> None:
    if not ctx.realm_roles:
        return
    roles = _prefixed(ctx.realm_roles, m.config.get("usermodel.realmRoleMapping.rolePrefix"))
    value = roles if m.config.get("multivalued", "true") == "true" else ",".join(roles)
    set_claim(claims, m.config.get("claim.name") or "realm_access.roles", value, merge=True)


def _client_roles(m: ProtocolMapper, ctx: ClaimContext, claims: dict[str, Any]) -> None:
    only = m.config.get("usermodel.clientRoleMapping.clientId")
    template = m.config.get("claim.name") or "resource_access.${client_id}.roles"
    for client_id, roles in sorted(ctx.client_roles.items()):
        if (only and client_id != only) or not roles:
            continue
        names = _prefixed(roles, m.config.get("usermodel.clientRoleMapping.rolePrefix"))
        value = names if m.config.get("multivalued", "true") == "true" else ",".join(names)
        set_claim(claims, template.replace("${client_id}", client_id.replace(".", "\\.")), value, merge=True)


def _groups(m: ProtocolMapper, ctx: ClaimContext, claims: dict[str, Any]) -> None:
    full = m.config.get("full.path", "true") == "true"
    paths = [p if full else p.rsplit("/", 1)[-1] for p in sorted(ctx.group_paths)]
    value: Any = paths if m.config.get("multivalued", "true") == "true" else (paths[0] if paths else None)
    set_claim(claims, m.config.get("claim.name") or "groups", value, merge=True)


def _add_audience(claims: dict[str, Any], audience: str) -> None:
    current = claims.get("aud")
    values = current if isinstance(current, list) else [current] if current else []
    if audience not in values:
        values.append(audience)
    claims["aud"] = values[0] if len(values) == 1 else values


def _audience(m: ProtocolMapper, ctx: ClaimContext, claims: dict[str, Any]) -> None:
    for audience in (m.config.get("included.client.audience"), m.config.get("included.custom.audience")):
        if audience:
            _add_audience(claims, audience)


def _audience_resolve(m: ProtocolMapper, ctx: ClaimContext, claims: dict[str, Any]) -> None:
    for client_id in sorted(ctx.client_roles):
        if client_id != ctx.client_id and ctx.client_roles[client_id]:
            _add_audience(claims, client_id)


def _full_name(m: ProtocolMapper, ctx: ClaimContext, claims: dict[str, Any]) -> None:
    name = " ".join(p for p in (ctx.properties.get("first_name"), ctx.properties.get("last_name")) if p)
    if name:
        claims["name"] = name


def _allowed_origins(m: ProtocolMapper, ctx: ClaimContext, claims: dict[str, Any]) -> None:
    if ctx.web_origins:
        claims["allowed-origins"] = list(ctx.web_origins)


def _session_note(m: ProtocolMapper, ctx: ClaimContext, claims: dict[str, Any]) -> None:
    value = ctx.session_notes.get(m.config.get("user.session.note", ""))
    if value is not None:
        set_claim(claims, m.config.get("claim.name", ""), _typed(value, m.config.get("jsonType.label")))


def _acr(m: ProtocolMapper, ctx: ClaimContext, claims: dict[str, Any]) -> None:
    claims["acr"] = "1"


def _address(m: ProtocolMapper, ctx: ClaimContext, claims: dict[str, Any]) -> None:
    parts = ("formatted", "street_address", "locality", "region", "postal_code", "country")
    address = {}
    for part in parts:
        attribute = m.config.get(f"user.attribute.{part.split('_')[0] if part == 'street_address' else part}")
        values = ctx.attributes.get(attribute or part, [])
        if values:
            address[part] = values[0]
    if address:
        claims["address"] = address


Apply = Callable[[ProtocolMapper, ClaimContext, dict[str, Any]], None]

MAPPER_TYPES: dict[str, Apply] = {
    "oidc-usermodel-property-mapper": _user_property,
    "oidc-usermodel-attribute-mapper": _user_attribute,
    "oidc-hardcoded-claim-mapper": _hardcoded_claim,
    "oidc-usermodel-realm-role-mapper": _realm_roles,
    "oidc-usermodel-client-role-mapper": _client_roles,
    "oidc-group-membership-mapper": _groups,
    "oidc-audience-mapper": _audience,
    "oidc-audience-resolve-mapper": _audience_resolve,
    "oidc-full-name-mapper": _full_name,
    "oidc-allowed-origins-mapper": _allowed_origins,
    "oidc-usersessionmodel-note-mapper": _session_note,
    "oidc-acr-mapper": _acr,
    "oidc-address-mapper": _address,
}

# Mappers that add roles to the token before the role mappers read them.
HARDCODED_ROLE = "oidc-hardcoded-role-mapper"

# Mappers whose effect Keycloak applies only to the access token (and introspection), whatever the flags.
ACCESS_ONLY = frozenset({"oidc-audience-resolve-mapper", "oidc-allowed-origins-mapper"})


def hardcoded_role(mapper: ProtocolMapper) -> tuple[str | None, str] | None:
    """The role a hardcoded-role mapper adds, as (clientId or ``None``, role name)."""
    role = mapper.config.get("role", "")
    if not role:
        return None
    client_id, dot, name = role.rpartition(".")
    return (client_id, name) if dot and client_id else (None, role)


def origin_of(uri: str) -> str | None:
    """The origin (scheme://host[:port]) of an absolute redirect URI."""
    parts = urlsplit(uri)
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc.split('@')[-1]}"
    return None
