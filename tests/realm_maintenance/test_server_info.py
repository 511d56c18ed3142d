"""``GET /admin/serverinfo`` through python-keycloak: what this server implements, refused to callers
without any admin right."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from keycloak import KeycloakAdmin

from resolvers.auth.mapper_types import MAPPER_TYPES


def test_server_info_lists_what_the_server_has(kc_admin: KeycloakAdmin) -> None:
    info = kc_admin.get_server_info()
    assert info["systemInfo"]["version"].startswith("24.")
    assert info["memoryInfo"]["used"] > 0
    assert info["profileInfo"]["name"] == "community"
    oidc_types = {t["id"]: t for t in info["protocolMapperTypes"]["openid-connect"]}
    assert set(oidc_types) == {*MAPPER_TYPES, "oidc-hardcoded-role-mapper"}
    attribute = oidc_types["oidc-usermodel-attribute-mapper"]
    assert attribute["name"] == "User Attribute"
    assert {"user.attribute", "claim.name", "access.token.claim"} <= {
        p["name"] for p in attribute["properties"]
    }
    builtin = {m["name"] for m in info["builtinProtocolMappers"]["openid-connect"]}
    assert {"email", "username", "realm roles"} <= builtin
    policies = {p["id"]: p for p in info["passwordPolicies"]}
    assert policies["length"]["defaultValue"] == "8" and policies["length"]["configType"] == "int"
    assert policies["notUsername"]["configType"] is None
    assert {"oidc", "saml", "github"} <= {p["id"] for p in info["identityProviders"]}
    assert "openid-connect" in info["providers"]["login-protocol"]["providers"]
    assert "auth-username-password-form" in info["providers"]["authenticator"]["providers"]
    assert "saml" not in info["providers"]["login-protocol"]["providers"]
    assert info["enums"]["sslRequired"] == ["ALL", "EXTERNAL", "NONE"]
    assert "RS256" in info["cryptoInfo"]["clientSignatureAsymmetricAlgorithms"]


def test_server_info_rights(
    caller_with: Callable[..., httpx.Client], anonymous: httpx.Client, realm: str
) -> None:
    realm_admin = caller_with("view-users").get("/admin/serverinfo")
    assert realm_admin.status_code == 200
    # A realm's admin learns what the server implements, not about its host.
    assert "systemInfo" not in realm_admin.json() and "memoryInfo" not in realm_admin.json()
    assert "passwordPolicies" in realm_admin.json()
    assert caller_with().get("/admin/serverinfo").status_code == 403
    assert anonymous.get("/admin/serverinfo").status_code == 401
