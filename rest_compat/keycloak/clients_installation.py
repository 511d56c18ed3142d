"""Keycloak's adapter configuration formats for a client (``installation/providers/{providerId}``)."""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape

from resolvers.clients.installation import InstallationView


def jackson_pretty(value: Any, indent: int = 0) -> str:
    """JSON as Keycloak's Jackson pretty printer writes it: ``"key" : value``, two-space indents."""
    pad = "  " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{ }"
        items = [f"{pad}{json.dumps(k)} : {jackson_pretty(v, indent + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"
    if isinstance(value, list):
        if not value:
            return "[ ]"
        return "[ " + ", ".join(jackson_pretty(v, indent) for v in value) + " ]"
    return json.dumps(value)


def keycloak_json(view: InstallationView, auth_server_url: str) -> str:
    rep: dict[str, Any] = {"realm": view.realm_name}
    if view.bearer_only:
        rep["bearer-only"] = True
    rep["auth-server-url"] = auth_server_url
    rep["ssl-required"] = view.ssl_required.lower()
    rep["resource"] = view.client_id
    if view.public_client and not view.bearer_only:
        rep["public-client"] = True
    if view.verify_token_audience:
        rep["verify-token-audience"] = True
    if view.show_credentials:
        rep["credentials"] = {"secret": view.secret}
    if view.has_roles:
        rep["use-resource-role-mappings"] = True
    rep["confidential-port"] = 0
    return jackson_pretty(rep)


def jboss_subsystem(view: InstallationView, auth_server_url: str) -> str:
    lines = [
        '<secure-deployment name="WAR MODULE NAME.war">',
        f"    <realm>{escape(view.realm_name)}</realm>",
        f"    <auth-server-url>{escape(auth_server_url)}</auth-server-url>",
    ]
    if view.bearer_only:
        lines.append("    <bearer-only>true</bearer-only>")
    elif view.public_client:
        lines.append("    <public-client>true</public-client>")
    lines.append(f"    <ssl-required>{escape(view.ssl_required.upper())}</ssl-required>")
    lines.append(f"    <resource>{escape(view.client_id)}</resource>")
    if view.verify_token_audience:
        lines.append("    <verify-token-audience>true</verify-token-audience>")
    if view.show_credentials:
        lines.append(f'    <credential name="secret">{escape(view.secret or "")}</credential>')
    if view.has_roles:
        lines.append("    <use-resource-role-mappings>true</use-resource-role-mappings>")
    lines.append("</secure-deployment>")
    return "\n".join(lines) + "\n"
