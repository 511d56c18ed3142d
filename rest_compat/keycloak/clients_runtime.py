"""Handlers for a client's secret, registration token, service account, sessions, nodes, revocation
push, management permissions and adapter configuration."""

from __future__ import annotations

from starlette.responses import PlainTextResponse, Response

from core.errors import NotFound
from resolvers.clients import installation, runtime
from resolvers.clients import secrets as client_secrets
from resolvers.clients.secrets import SecretView
from rest_compat.keycloak import clients_installation
from rest_compat.keycloak.clients_mappers import to_client_representation
from rest_compat.keycloak.mappers import to_user_representation
from rest_compat.keycloak.mappers_users import to_global_request_result, to_user_session_representation
from rest_compat.keycloak.responses import no_content, ok
from rest_compat.routing import Call


def to_credential(view: SecretView) -> dict[str, object]:
    """Keycloak's CredentialRepresentation of a secret; a rotated one carries its expiry, in seconds."""
    rep: dict[str, object] = {"type": "secret"}
    if view.value is not None:
        rep["value"] = view.value
    if view.expires_at is not None:
        rep["expiresAt"] = view.expires_at
    return rep


def _at(call: Call) -> tuple[str, str]:
    return call.params["realm"], call.params["client_uuid"]


async def get_secret(call: Call) -> Response:
    return ok(to_credential(await client_secrets.get_secret(call.actor, *_at(call))))


async def regenerate_secret(call: Call) -> Response:
    return ok(to_credential(await client_secrets.regenerate_secret(call.actor, *_at(call))))


async def get_rotated_secret(call: Call) -> Response:
    return ok(to_credential(await client_secrets.get_rotated_secret(call.actor, *_at(call))))


async def remove_rotated_secret(call: Call) -> Response:
    await client_secrets.remove_rotated_secret(call.actor, *_at(call))
    return no_content()


async def registration_access_token(call: Call) -> Response:
    made = await client_secrets.new_registration_token(call.actor, *_at(call))
    return ok(to_client_representation(made.client, registration_token=made.token))


async def service_account_user(call: Call) -> Response:
    return ok(to_user_representation(await runtime.service_account_user(call.actor, *_at(call))))


async def session_count(call: Call) -> Response:
    return ok({"count": await runtime.session_count(call.actor, *_at(call), offline=False)})


async def offline_session_count(call: Call) -> Response:
    return ok({"count": await runtime.session_count(call.actor, *_at(call), offline=True)})


async def _sessions(call: Call, offline: bool) -> Response:
    found = await runtime.client_sessions(
        call.actor,
        *_at(call),
        offline=offline,
        first=call.query_int("first", 0),
        max_=call.query_int("max", 100),
    )
    return ok([to_user_session_representation(v) for v in found])


async def user_sessions(call: Call) -> Response:
    return await _sessions(call, offline=False)


async def offline_sessions(call: Call) -> Response:
    return await _sessions(call, offline=True)


async def register_node(call: Call) -> Response:
    body = await call.json_object()
    await runtime.register_node(call.actor, *_at(call), body.get("node"))
    return no_content()


async def unregister_node(call: Call) -> Response:
    await runtime.unregister_node(call.actor, *_at(call), call.params["node"])
    return no_content()


async def test_nodes_available(call: Call) -> Response:
    return ok(to_global_request_result(await runtime.test_nodes_available(call.actor, *_at(call))))


async def push_revocation(call: Call) -> Response:
    return ok(to_global_request_result(await runtime.push_revocation(call.actor, *_at(call))))


async def get_permissions(call: Call) -> Response:
    return ok(await runtime.permissions(call.actor, *_at(call)))


async def set_permissions(call: Call) -> Response:
    body = await call.json_object()
    return ok(await runtime.set_permissions(call.actor, *_at(call), body.get("enabled")))


async def installation_provider(call: Call) -> Response:
    provider = call.params["provider_id"]
    view = await installation.installation(call.actor, *_at(call))
    if provider not in installation.PROVIDERS:
        raise NotFound("Unknown Provider")
    auth_server_url = call.base_url + "/"
    if provider == "keycloak-oidc-keycloak-json":
        text = clients_installation.keycloak_json(view, auth_server_url)
        return Response(text, media_type="application/json")
    return PlainTextResponse(clients_installation.jboss_subsystem(view, auth_server_url))
