"""Views into Hydra 1.x's JSON (pure functions): OAuth2 clients, JSON Web Keys, introspection."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

from resolvers.auth.token_admin import Introspection
from resolvers.clients.oauth2_metadata import OAuth2ClientView
from resolvers.keys.views import KeyView


def rfc3339(epoch_seconds: int) -> str:
    return datetime.fromtimestamp(epoch_seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# Fields Hydra leaves out when they are empty (``omitempty``).
_OMIT_EMPTY = (
    "sector_identifier_uri",
    "jwks_uri",
    "jwks",
    "token_endpoint_auth_signing_alg",
    "request_uris",
    "request_object_signing_alg",
    "frontchannel_logout_uri",
    "frontchannel_logout_session_required",
    "post_logout_redirect_uris",
    "backchannel_logout_uri",
    "backchannel_logout_session_required",
    "metadata",
)


def to_oauth2_client(view: OAuth2ClientView) -> dict[str, Any]:
    body = dataclasses.asdict(view.metadata)
    body["created_at"] = rfc3339(view.metadata.created_at)
    body["updated_at"] = rfc3339(view.metadata.updated_at)
    for name in _OMIT_EMPTY:
        if not body.get(name):
            body.pop(name, None)
    if view.secret:
        body = {
            "client_id": body.pop("client_id"),
            "client_name": body.pop("client_name"),
            "client_secret": view.secret,
            **body,
        }
    return body


def to_json_web_key(view: KeyView) -> dict[str, Any]:
    return dict(view.jwk)


def to_json_web_key_set(views: list[KeyView]) -> dict[str, Any]:
    return {"keys": [to_json_web_key(v) for v in views]}


def to_introspection(result: Introspection) -> dict[str, Any]:
    """Hydra leaves out what is empty; an inactive token is ``{"active": false}`` alone."""
    if not result.active:
        return {"active": False}
    body = dataclasses.asdict(result)
    return {k: v for k, v in body.items() if k == "active" or v not in (None, "", [], {})}
