"""Handlers for a user's consents and federated identities."""

from __future__ import annotations

from starlette.responses import Response

from resolvers.users import links as user_links
from resolvers.users.links import FederatedIdentityLink
from rest_compat.keycloak.mappers_users import (
    to_federated_identity_representation,
    to_user_consent_representation,
)
from rest_compat.keycloak.responses import no_content, ok
from rest_compat.routing import Call


async def list_consents(call: Call) -> Response:
    found = await user_links.list_consents(call.actor, call.params["realm"], call.params["user_id"])
    return ok([to_user_consent_representation(c) for c in found])


async def revoke_consent(call: Call) -> Response:
    await user_links.revoke_consent(
        call.actor, call.params["realm"], call.params["user_id"], call.params["client"]
    )
    return no_content()


async def list_federated_identities(call: Call) -> Response:
    found = await user_links.list_federated_identities(
        call.actor, call.params["realm"], call.params["user_id"]
    )
    return ok([to_federated_identity_representation(f) for f in found])


async def link_federated_identity(call: Call) -> Response:
    rep = await call.json_object()
    link = FederatedIdentityLink(
        call.params["provider"], user_id=rep.get("userId"), user_name=rep.get("userName")
    )
    await user_links.link_federated_identity(call.actor, call.params["realm"], call.params["user_id"], link)
    return no_content()


async def unlink_federated_identity(call: Call) -> Response:
    await user_links.unlink_federated_identity(
        call.actor, call.params["realm"], call.params["user_id"], call.params["provider"]
    )
    return no_content()
