"""Handlers for initial access tokens, registration policy providers, the client description converter,
and the public realm information (``GET /realms/{realm}``) a client adapter reads."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

from core.errors import InvalidInput
from resolvers.clients import registration
from resolvers.clients.registration import ClientMetadata, InitialAccessView, PolicyProvider
from resolvers.realms.public import public_realm
from rest_compat.keycloak.clients import client_fields_from
from rest_compat.keycloak.clients_mappers import to_client_representation
from rest_compat.keycloak.responses import no_content, ok
from rest_compat.routing import Call


def to_initial_access(view: InitialAccessView) -> dict[str, Any]:
    row = view.row
    rep: dict[str, Any] = {
        "id": row.id,
        "token": view.token,
        "timestamp": row.timestamp,
        "expiration": row.expiration,
        "count": row.count,
        "remainingCount": row.remaining_count,
    }
    return {k: v for k, v in rep.items() if v is not None}


def to_component_type(provider: PolicyProvider) -> dict[str, Any]:
    return {
        "id": provider.id,
        "helpText": provider.help_text,
        "properties": [
            {"name": name, "label": label, "helpText": text, "type": kind, "secret": False}
            for name, label, kind, text in provider.properties
        ],
    }


async def create_initial_access(call: Call) -> Response:
    body = await call.json_object()
    made = await registration.create_initial_access(
        call.actor, call.params["realm"], body.get("expiration"), body.get("count")
    )
    location = f"{str(call.request.url.replace(query='')).rstrip('/')}/{made.row.id}"
    return Response(
        json.dumps(to_initial_access(made)),
        status_code=201,
        media_type="application/json",
        headers={"Location": location},
    )


async def list_initial_access(call: Call) -> Response:
    found = await registration.list_initial_access(call.actor, call.params["realm"])
    return ok([to_initial_access(v) for v in found])


async def delete_initial_access(call: Call) -> Response:
    await registration.delete_initial_access(call.actor, call.params["realm"], call.params["access_id"])
    return no_content()


async def policy_providers(call: Call) -> Response:
    found = await registration.policy_providers(call.actor, call.params["realm"])
    return ok([to_component_type(p) for p in found])


def _strings(body: dict[str, Any], key: str) -> list[str]:
    value = body.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(f"{key} must be a list of strings", field=key)
    return value


def _text(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"{key} must be a string", field=key)
    return value


def metadata_from(body: dict[str, Any]) -> ClientMetadata:
    texts = (
        "client_id",
        "client_secret",
        "client_name",
        "client_uri",
        "token_endpoint_auth_method",
        "jwks_uri",
        "logo_uri",
        "policy_uri",
        "tos_uri",
    )
    return ClientMetadata(
        **{key: _text(body, key) for key in texts},
        redirect_uris=_strings(body, "redirect_uris"),
        grant_types=_strings(body, "grant_types") if "grant_types" in body else None,
        response_types=_strings(body, "response_types"),
        post_logout_redirect_uris=_strings(body, "post_logout_redirect_uris"),
        contacts=_strings(body, "contacts"),
    )


_OIDC_KEYS = ("redirect_uris", "client_name", "grant_types", "token_endpoint_auth_method", "client_id")


async def describe_client(call: Call) -> Response:
    """OIDC client metadata (or a Keycloak ClientRepresentation) in, a ClientRepresentation out."""
    try:
        body = json.loads(await call.request.body())
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("Unsupported format") from exc
    if not isinstance(body, dict):
        raise InvalidInput("Unsupported format")
    if "clientId" in body or not any(k in body for k in _OIDC_KEYS):
        fields = client_fields_from(body)
    else:
        fields = registration.fields_from_metadata(metadata_from(body))
    view = await registration.describe(call.actor, call.params["realm"], fields)
    return ok(to_client_representation(view))


async def realm_info(call: Call) -> Response:
    view = await public_realm(call.params["realm"])
    base = f"{call.base_url}/realms/{view.name}"
    rep: dict[str, Any] = {
        "realm": view.name,
        "public_key": view.public_key,
        "token-service": f"{base}/protocol/openid-connect",
        "account-service": f"{base}/account",
        "tokens-not-before": view.not_before,
    }
    return ok({k: v for k, v in rep.items() if v is not None})
