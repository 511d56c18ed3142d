"""The OIDC protocol mapper types this server applies to tokens, described as Keycloak's server info
shows them (``protocolMapperTypes``): only those ``resolvers/auth/mapper_types`` really implements."""

from __future__ import annotations

from typing import Any

from models.builtin_scopes import BUILTIN_SCOPES, OIDC
from resolvers.auth.mapper_types import HARDCODED_ROLE, MAPPER_TYPES

_TOKEN_FLAGS = (
    ("id.token.claim", "Add to ID token", "Should the claim be added to the ID token?"),
    ("access.token.claim", "Add to access token", "Should the claim be added to the access token?"),
    ("userinfo.token.claim", "Add to userinfo", "Should the claim be added to the userinfo?"),
    (
        "introspection.token.claim",
        "Add to token introspection",
        "Should the claim be added to the access token introspection response?",
    ),
)
_CLAIM = (
    ("claim.name", "Token Claim Name", "Name of the claim to insert into the token.", "String"),
    (
        "jsonType.label",
        "Claim JSON Type",
        "JSON type that should be used to populate the json claim.",
        "List",
    ),
)


def _prop(name: str, label: str, help_text: str, kind: str = "String") -> dict[str, Any]:
    prop: dict[str, Any] = {"name": name, "label": label, "helpText": help_text, "type": kind}
    if kind == "boolean":
        prop["defaultValue"] = "true"
    if kind == "List" and name == "jsonType.label":
        prop["options"] = ["String", "long", "int", "boolean", "JSON"]
    return prop


def _flags() -> list[dict[str, Any]]:
    return [_prop(n, label, h, "boolean") for n, label, h in _TOKEN_FLAGS]


def _claim() -> list[dict[str, Any]]:
    return [_prop(*p) for p in _CLAIM]


_OWN: dict[str, list[tuple[str, str, str, str]]] = {
    "oidc-usermodel-property-mapper": [
        ("user.attribute", "Property", "Name of the property method.", "String")
    ],
    "oidc-usermodel-attribute-mapper": [
        ("user.attribute", "User Attribute", "Name of stored user attribute.", "String"),
        ("multivalued", "Multivalued", "Indicates if attribute supports multiple values.", "boolean"),
        ("aggregate.attrs", "Aggregate attribute values", "Whether the values are joined.", "boolean"),
    ],
    "oidc-hardcoded-claim-mapper": [("claim.value", "Claim value", "Value of the claim.", "String")],
    "oidc-usermodel-realm-role-mapper": [
        ("usermodel.realmRoleMapping.rolePrefix", "Realm Role prefix", "A prefix for each role.", "String"),
        ("multivalued", "Multivalued", "Indicates if attribute supports multiple values.", "boolean"),
    ],
    "oidc-usermodel-client-role-mapper": [
        ("usermodel.clientRoleMapping.clientId", "Client ID", "Client ID for role mappings.", "ClientList"),
        ("usermodel.clientRoleMapping.rolePrefix", "Client Role prefix", "A prefix for each role.", "String"),
        ("multivalued", "Multivalued", "Indicates if attribute supports multiple values.", "boolean"),
    ],
    "oidc-group-membership-mapper": [
        ("full.path", "Full group path", "Include the full path to the group.", "boolean"),
    ],
    "oidc-audience-mapper": [
        ("included.client.audience", "Included Client Audience", "The client id to add.", "ClientList"),
        ("included.custom.audience", "Included Custom Audience", "A custom audience to add.", "String"),
    ],
    "oidc-usersessionmodel-note-mapper": [
        ("user.session.note", "User Session Note", "Name of stored user session note.", "String"),
    ],
    "oidc-address-mapper": [],
    "oidc-acr-mapper": [],
    "oidc-full-name-mapper": [],
    "oidc-audience-resolve-mapper": [],
    "oidc-allowed-origins-mapper": [],
    HARDCODED_ROLE: [("role", "Role", "Role to add to the token.", "Role")],
}
"""Each type's own settings; the claim and token-flag settings come first where the type has a claim."""

_NAMED: dict[str, tuple[str, str]] = {
    "oidc-usermodel-property-mapper": (
        "User Property",
        "Map a built in user property (email, firstName, lastName) to a token claim.",
    ),
    "oidc-usermodel-attribute-mapper": ("User Attribute", "Map a custom user attribute to a token claim."),
    "oidc-hardcoded-claim-mapper": ("Hardcoded claim", "Hardcode a claim into the token."),
    "oidc-usermodel-realm-role-mapper": ("User Realm Role", "Map a user realm role to a token claim."),
    "oidc-usermodel-client-role-mapper": ("User Client Role", "Map a user client role to a token claim."),
    "oidc-group-membership-mapper": ("Group Membership", "Map user group membership"),
    "oidc-audience-mapper": ("Audience", "Add specified audience to the audience (aud) field of token"),
    "oidc-audience-resolve-mapper": (
        "Audience Resolve",
        "Adds all client_ids of clients for which the user has at least one client role to the audience.",
    ),
    "oidc-full-name-mapper": (
        "User's full name",
        "Maps the user's first and last name to the OpenID Connect 'name' claim.",
    ),
    "oidc-allowed-origins-mapper": (
        "Allowed Web Origins",
        "Adds all allowed web origins to the 'allowed-origins' claim in the token",
    ),
    "oidc-usersessionmodel-note-mapper": (
        "User Session Note",
        "Map a custom user session note to a token claim.",
    ),
    "oidc-acr-mapper": (
        "Authentication Context Class Reference (ACR)",
        "Maps the achieved LoA (Level of Authentication) to the 'acr' claim of the token",
    ),
    "oidc-address-mapper": (
        "User Address",
        "Maps user address attributes to the OpenID Connect 'address' claim.",
    ),
    HARDCODED_ROLE: ("Hardcoded Role", "Hardcode a role into the access token."),
}
_NO_CLAIM = frozenset(
    {HARDCODED_ROLE, "oidc-audience-resolve-mapper", "oidc-allowed-origins-mapper", "oidc-address-mapper"}
)


def mapper_types() -> dict[str, list[dict[str, Any]]]:
    """``protocolMapperTypes``: per protocol, the types this server applies."""
    found: list[dict[str, Any]] = []
    for type_id in sorted({*MAPPER_TYPES, HARDCODED_ROLE}):
        name, help_text = _NAMED[type_id]
        properties = [_prop(*p) for p in _OWN[type_id]]
        if type_id not in _NO_CLAIM:
            properties = _claim() + properties
        if type_id != HARDCODED_ROLE:
            properties += _flags()
        found.append(
            {
                "id": type_id,
                "name": name,
                "category": "Token mapper",
                "helpText": help_text,
                "priority": 0,
                "properties": properties,
            }
        )
    return {OIDC: found}


def builtin_mappers() -> dict[str, list[dict[str, Any]]]:
    """``builtinProtocolMappers``: the mappers of the built-in OIDC client scopes, one per name."""
    seen: dict[str, dict[str, Any]] = {}
    for scope in BUILTIN_SCOPES:
        for mapper in scope.get("protocolMappers", ()):
            if mapper.get("protocol") == OIDC and mapper.get("protocolMapper") in _NAMED:
                seen.setdefault(mapper["name"], mapper)
    return {OIDC: list(seen.values())}
