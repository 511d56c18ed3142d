"""The identity provider factories and mapper types this server knows, as Keycloak 24 names them. Only
what is configured and stored here: no login is brokered to an upstream server yet, so nothing below
claims more than the admin endpoints use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PROVIDERS: dict[str, str] = {
    "oidc": "OpenID Connect v1.0",
    "keycloak-oidc": "Keycloak OpenID Connect",
    "saml": "SAML v2.0",
    "google": "Google",
    "github": "GitHub",
    "facebook": "Facebook",
    "microsoft": "Microsoft",
    "gitlab": "GitLab",
    "bitbucket": "BitBucket",
    "linkedin-openid-connect": "LinkedIn",
    "openshift-v4": "Openshift v4",
    "paypal": "PayPal",
    "stackoverflow": "StackOverflow",
    "instagram": "Instagram",
    "twitter": "Twitter",
}
"""Provider id -> the factory's name."""

SAML = frozenset({"saml"})
OIDC_LIKE = frozenset(PROVIDERS) - SAML
"""Every provider but SAML speaks OpenID Connect or OAuth 2 (Keycloak's social providers extend the
OIDC provider), so they share the OIDC mappers."""


@dataclass(frozen=True)
class MapperType:
    id: str
    name: str
    category: str
    help_text: str
    providers: frozenset[str]
    properties: tuple[dict[str, Any], ...] = field(default=())


def _text(name: str, label: str, help_text: str) -> dict[str, Any]:
    return {"name": name, "label": label, "helpText": help_text, "type": "String"}


_SYNC = {
    "name": "syncMode",
    "label": "Sync mode override",
    "helpText": "Overrides the default sync mode of the IdP for this mapper.",
    "type": "List",
    "defaultValue": "INHERIT",
    "options": ["INHERIT", "IMPORT", "LEGACY", "FORCE"],
}
_EVERY = OIDC_LIKE | SAML

MAPPER_TYPES: tuple[MapperType, ...] = (
    MapperType(
        "hardcoded-role-idp-mapper",
        "Hardcoded Role",
        "Role Importer",
        "When user is imported from provider, hardcode a role mapping for it.",
        _EVERY,
        (_SYNC, {"name": "role", "label": "Role", "helpText": "Role to grant to user.", "type": "Role"}),
    ),
    MapperType(
        "hardcoded-attribute-idp-mapper",
        "Hardcoded Attribute",
        "Attribute Importer",
        "When user is imported from provider, hardcode a value to a specific user attribute.",
        _EVERY,
        (
            _SYNC,
            _text("attribute", "User Attribute", "Name of user attribute you want to hardcode"),
            _text("attribute.value", "User Attribute Value", "Value you want to hardcode"),
        ),
    ),
    MapperType(
        "hardcoded-user-session-attribute-idp-mapper",
        "Hardcoded User Session Attribute",
        "Attribute Importer",
        "When user is imported from provider, hardcode a value to a specific user session attribute.",
        _EVERY,
        (
            _SYNC,
            _text("attribute", "User Session Attribute", "Name of user session attribute to hardcode"),
            _text("attribute.value", "User Session Attribute Value", "Value you want to hardcode"),
        ),
    ),
    MapperType(
        "oidc-hardcoded-group-idp-mapper",
        "Hardcoded Group",
        "Group Importer",
        "When user is imported from provider, hardcode a group mapping for it.",
        _EVERY,
        (
            _SYNC,
            {"name": "group", "label": "Group", "helpText": "Group to assign the user.", "type": "Group"},
        ),
    ),
    MapperType(
        "oidc-user-attribute-idp-mapper",
        "Attribute Importer",
        "Attribute Importer",
        "Import declared claim if it exists in ID, access token or the profile JSON into the specified "
        "user property or attribute.",
        OIDC_LIKE,
        (
            _SYNC,
            _text("claim", "Claim", "Name of claim to search for in token."),
            _text("user.attribute", "User Attribute Name", "User attribute name to store claim."),
        ),
    ),
    MapperType(
        "oidc-role-idp-mapper",
        "Claim to Role",
        "Role Importer",
        "If a claim exists, grant the user the specified realm or client role.",
        OIDC_LIKE,
        (
            _SYNC,
            _text("claim", "Claim", "Name of claim to search for in token."),
            _text("claim.value", "Claim Value", "Value the claim must have."),
            {"name": "role", "label": "Role", "helpText": "Role to grant to user.", "type": "Role"},
        ),
    ),
    MapperType(
        "oidc-advanced-role-idp-mapper",
        "Advanced Claim to Role",
        "Role Importer",
        "If all claims exists, grant the user the specified realm or client role.",
        OIDC_LIKE,
        (_SYNC, {"name": "role", "label": "Role", "helpText": "Role to grant to user.", "type": "Role"}),
    ),
    MapperType(
        "oidc-advanced-group-idp-mapper",
        "Advanced Claim to Group",
        "Group Importer",
        "If all claims exists, assign the user to the specified group.",
        OIDC_LIKE,
        (
            _SYNC,
            {"name": "group", "label": "Group", "helpText": "Group to assign the user.", "type": "Group"},
        ),
    ),
    MapperType(
        "oidc-username-idp-mapper",
        "Username Template Importer",
        "Preprocessor",
        "Format the username to import.",
        OIDC_LIKE,
        (_SYNC, _text("template", "Template", "Template to use to format the username to import.")),
    ),
    MapperType(
        "keycloak-oidc-role-to-role-idp-mapper",
        "External Role to Role",
        "Role Importer",
        "Looks for an external role in a keycloak access token.  If external role exists, grant the user "
        "the specified realm or client role.",
        frozenset({"keycloak-oidc"}),
        (
            _SYNC,
            _text("external.role", "External role", "External role to check for."),
            {"name": "role", "label": "Role", "helpText": "Role to grant to user.", "type": "Role"},
        ),
    ),
    MapperType(
        "saml-user-attribute-idp-mapper",
        "Attribute Importer",
        "Attribute Importer",
        "Import declared saml attribute if it exists in assertion into the specified user property or "
        "attribute.",
        SAML,
        (
            _SYNC,
            _text("attribute.name", "Attribute Name", "Name of attribute to search for in assertion."),
            _text("user.attribute", "User Attribute Name", "User attribute name to store saml attribute."),
        ),
    ),
    MapperType(
        "saml-role-idp-mapper",
        "SAML Attribute to Role",
        "Role Importer",
        "If a attribute exists, grant the user the specified realm or client role.",
        SAML,
        (
            _SYNC,
            _text("attribute.name", "Attribute Name", "Name of attribute to search for in assertion."),
            _text("attribute.value", "Attribute Value", "Value the attribute must have."),
            {"name": "role", "label": "Role", "helpText": "Role to grant to user.", "type": "Role"},
        ),
    ),
    MapperType(
        "saml-advanced-role-idp-mapper",
        "Advanced Attribute to Role",
        "Role Importer",
        "If the set of attributes exists and can be matched, grant the user the specified realm or client "
        "role.",
        SAML,
        (_SYNC, {"name": "role", "label": "Role", "helpText": "Role to grant to user.", "type": "Role"}),
    ),
    MapperType(
        "saml-username-idp-mapper",
        "Username Template Importer",
        "Preprocessor",
        "Format the username to import.",
        SAML,
        (_SYNC, _text("template", "Template", "Template to use to format the username to import.")),
    ),
)


def mapper_type(type_id: str) -> MapperType | None:
    return next((t for t in MAPPER_TYPES if t.id == type_id), None)


def mapper_types_for(provider_id: str) -> list[MapperType]:
    return [t for t in MAPPER_TYPES if provider_id in t.providers]
