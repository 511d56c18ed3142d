"""Login, consent and previous-consent representations in Hydra's names; timestamps RFC 3339."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from models import AuthRequest, Client
from resolvers.oauth2.challenges import RequestView
from resolvers.oauth2.common import allowed_audience, auth_method, grant_types, response_types


def rfc3339(ms: int | None) -> str | None:
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat().replace("+00:00", "Z")


def to_client(client: Client | None) -> dict[str, Any] | None:
    """The client as a login or consent app sees it: no secret."""
    if client is None:
        return None
    body: dict[str, Any] = {
        "client_id": client.client_id,
        "client_name": client.name or "",
        "redirect_uris": list(client.redirect_uris),
        "grant_types": grant_types(client),
        "response_types": response_types(client),
        "audience": allowed_audience(client),
        "owner": client.owner or "",
        "token_endpoint_auth_method": auth_method(client) or "client_secret_basic",
        "metadata": client.config.get("metadata") or {},
    }
    scope = client.config.get("scope")
    if isinstance(scope, str) and scope:
        body["scope"] = scope
    return body


def to_request(kind: str, view: RequestView) -> dict[str, Any]:
    row = view.request
    body: dict[str, Any] = {
        "challenge": view.challenge,
        "client": to_client(view.client),
        "request_url": row.request_url,
        "requested_access_token_audience": list(row.requested_audience),
        "requested_scope": list(row.requested_scope),
        "skip": row.skip,
        "subject": row.subject or "",
        "oidc_context": row.context.get("oidc_context") or {},
    }
    if kind == "logout":
        return {
            "challenge": view.challenge,
            "subject": row.subject or "",
            "sid": row.context.get("sid") or "",
            "request_url": row.request_url,
            "rp_initiated": bool(row.context.get("rp_initiated")),
            "client": to_client(view.client),
        }
    if kind == "login":
        body["session_id"] = row.context.get("sid") or ""
        return body
    body |= {
        "acr": row.context.get("acr") or "",
        "amr": row.context.get("amr") or [],
        "context": row.context.get("context") or {},
        "login_challenge": row.flow_id,
        "login_session_id": row.context.get("sid") or "",
    }
    return body


def to_previous_consent(row: AuthRequest) -> dict[str, Any]:
    outcome = row.outcome
    session = outcome.get("session") or {}
    return {
        "consent_request": {
            "challenge": row.id,
            "client": to_client(row.client),
            "requested_scope": list(row.requested_scope),
            "requested_access_token_audience": list(row.requested_audience),
            "subject": row.subject or "",
            "skip": row.skip,
            "request_url": row.request_url,
            "oidc_context": row.context.get("oidc_context") or {},
            "context": row.context.get("context") or {},
            "login_challenge": row.flow_id,
            "login_session_id": row.context.get("sid") or "",
            "acr": row.context.get("acr") or "",
            "amr": row.context.get("amr") or [],
        },
        "grant_scope": list(outcome.get("grant_scope") or []),
        "grant_access_token_audience": list(outcome.get("grant_access_token_audience") or []),
        "remember": row.remember,
        "remember_for": int(outcome.get("remember_for") or 0),
        "handled_at": rfc3339(row.handled_at),
        "session": {
            "access_token": session.get("access_token") or {},
            "id_token": session.get("id_token") or {},
        },
    }
