"""What ``GET /admin/serverinfo`` lists besides mapper types: the provider ids this server implements,
grouped by Keycloak's SPI names, its password policies, crypto and enums. Read from the modules that
implement them, so the list cannot claim a provider the server lacks."""

from __future__ import annotations

from typing import Any

from core import jwt
from core.password_policy import known_policies
from resolvers.auth.mapper_types import HARDCODED_ROLE, MAPPER_TYPES
from resolvers.authentication.providers import PROVIDERS, REQUIRED_ACTION_PROVIDERS
from resolvers.identity_providers import catalog as idp_catalog

KEYCLOAK_VERSION = "24.0.5"
"""The Keycloak release whose admin API this dialect serves; clients read it to choose their calls."""

_POLICY_NAMES = {
    "digits": "Digits",
    "forceExpiredPasswordChange": "Expire Password",
    "hashAlgorithm": "Hashing Algorithm",
    "hashIterations": "Hashing Iterations",
    "length": "Minimum length",
    "lowerCase": "Lowercase Characters",
    "maxAuthAge": "Maximum Authentication Age",
    "maxLength": "Maximum length",
    "notContainsUsername": "Not Contains Username",
    "notEmail": "Not Email",
    "notUsername": "Not Username",
    "passwordAge": "Not Recently Used (In Days)",
    "passwordBlacklist": "Password Blacklist",
    "passwordHistory": "Not Recently Used",
    "recoveryCodesWarningThreshold": "Recovery Codes Warning Threshold",
    "regexPattern": "Regular Expression",
    "specialChars": "Special Characters",
    "upperCase": "Uppercase Characters",
}
_NO_CONFIG = frozenset({"notUsername", "notEmail", "notContainsUsername"})
_SPI_OF_KIND = {
    "authenticator": "authenticator",
    "form": "form-authenticator",
    "form-action": "form-action",
    "client": "client-authenticator",
}

ENUMS: dict[str, list[str]] = {
    "sslRequired": ["ALL", "EXTERNAL", "NONE"],
    "unmanagedAttributePolicy": ["ENABLED", "ADMIN_VIEW", "ADMIN_EDIT"],
    "policyEnforcementMode": ["ENFORCING", "PERMISSIVE", "DISABLED"],
}

COMPONENT_TYPES: dict[str, list[dict[str, Any]]] = {
    "org.keycloak.userprofile.UserProfileProvider": [
        {
            "id": "declarative-user-profile",
            "helpText": "A declarative user profile, configured as the realm's user profile document.",
            "properties": [],
            "metadata": {},
        }
    ],
}


def password_policies() -> list[dict[str, Any]]:
    """Keycloak's PasswordPolicyTypeRepresentation for each policy the parser accepts."""
    found = []
    for policy_id, default, is_int in known_policies():
        config_type = None if policy_id in _NO_CONFIG else ("int" if is_int else "String")
        found.append(
            {
                "id": policy_id,
                "displayName": _POLICY_NAMES.get(policy_id, policy_id),
                "configType": config_type,
                "defaultValue": default,
                "multipleSupported": policy_id == "regexPattern",
            }
        )
    return found


def _spi(ids: list[str]) -> dict[str, Any]:
    return {"internal": True, "providers": {i: {"order": 0} for i in sorted(ids)}}


def providers() -> dict[str, dict[str, Any]]:
    """Per SPI, the providers this server implements."""
    by_spi: dict[str, list[str]] = {}
    for provider in PROVIDERS.values():
        by_spi.setdefault(_SPI_OF_KIND[provider.kind], []).append(provider.id)
    by_spi["required-action"] = list(REQUIRED_ACTION_PROVIDERS)
    by_spi["protocol-mapper"] = [*MAPPER_TYPES, HARDCODED_ROLE]
    by_spi["login-protocol"] = ["openid-connect"]
    by_spi["password-policy"] = [p for p, _, _ in known_policies()]
    by_spi["password-hashing"] = ["argon2"]
    by_spi["identity_provider"] = sorted(idp_catalog.PROVIDERS)
    by_spi["userprofile"] = ["declarative-user-profile"]
    return {spi: _spi(ids) for spi, ids in sorted(by_spi.items())}


def crypto_info() -> dict[str, Any]:
    # Client assertions are verified with the asymmetric algorithms only: no client-secret-jwt here.
    return {
        "cryptoProvider": "jwcrypto",
        "supportedKeystoreTypes": ["JKS", "PKCS12"],
        "clientSignatureSymmetricAlgorithms": [],
        "clientSignatureAsymmetricAlgorithms": sorted(jwt.SUPPORTED_ALGORITHMS),
    }


def identity_providers() -> list[dict[str, str]]:
    return [{"id": i, "name": name} for i, name in idp_catalog.PROVIDERS.items()]
