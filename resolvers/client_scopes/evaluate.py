"""``evaluate-scopes``: what the token endpoint would grant a client for a ``scope`` parameter, over the
same claims pipeline the token endpoint runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from core.errors import NotFound
from models import Client, ProtocolMapper, Role
from resolvers.auth import claims as pipeline
from resolvers.auth.issue import issuer, token_claims
from resolvers.client_scopes.inputs import Owner
from resolvers.client_scopes.scope_mappings import carries_all_roles, roles_in_scope
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.roles.views import RoleView, role_views

Example = Literal["access", "id", "userinfo"]


@dataclass(frozen=True)
class EvaluatedMapper:
    """A mapper that applies, with the client or client scope it comes from."""

    mapper: ProtocolMapper
    container_id: str
    container_name: str
    container_type: Literal["client", "client-scope"]


async def _client(actor: Actor | None, realm_name: str, client_uuid: str) -> Client:
    rights.require(actor, realm_name, "view-clients")
    realm = await lookup.realm_by_name(realm_name)
    return await lookup.client_in_realm(realm, client_uuid)


async def protocol_mappers(
    actor: Actor | None, realm_name: str, client_uuid: str, scope: str | None
) -> list[EvaluatedMapper]:
    client = await _client(actor, realm_name, client_uuid)
    granted = await pipeline.granted_scopes(client, scope, strict=False)
    names = {s.id: s.name for s in granted.scopes}
    return [
        EvaluatedMapper(m, client.id, client.client_id, "client")
        if m.owner_id == client.id
        else EvaluatedMapper(m, m.owner_id, names[m.owner_id], "client-scope")
        for m in granted.mappers
    ]


async def scope_roles(
    actor: Actor | None,
    realm_name: str,
    client_uuid: str,
    container_id: str,
    scope: str | None,
    *,
    granted: bool,
) -> list[RoleView]:
    """The roles of a container (the realm's id or a client's) that tokens of the client may carry for
    this ``scope`` (``granted``), or may not."""
    client = await _client(actor, realm_name, client_uuid)
    realm = await lookup.realm_by_name(realm_name)
    if container_id != realm.id and not await Client.filter(id=container_id, realm_id=realm.id).exists():
        raise NotFound(f"No role container of ID '{container_id}' found.")
    candidates = (
        await Role.filter(realm_id=realm.id, container_id=container_id)
        .select_related("client")
        .order_by("name")
    )
    chosen = await pipeline.granted_scopes(client, scope, strict=False)
    if carries_all_roles(client):
        return await role_views([r for r in candidates if granted])
    in_scope = {
        r.id
        for r in await roles_in_scope(
            Owner(realm, "client", client.id, client.protocol, client=client), candidates
        )
    }
    for granted_scope in chosen.scopes:
        owner = Owner(realm, "scope", granted_scope.id, granted_scope.protocol, scope=granted_scope)
        in_scope |= {r.id for r in await roles_in_scope(owner, candidates)}
    return await role_views([r for r in candidates if (r.id in in_scope) == granted])


async def example(
    actor: Actor | None,
    realm_name: str,
    client_uuid: str,
    scope: str | None,
    user_id: str | None,
    base_url: str,
    kind: Example,
) -> dict[str, Any]:
    """The access token, ID token or userinfo the user would get through this client for ``scope``."""
    client = await _client(actor, realm_name, client_uuid)
    realm = await lookup.realm_by_name(realm_name)
    if not user_id:
        raise NotFound("No userId provided")
    user = await lookup.user_in_realm(realm, user_id)
    if kind == "userinfo":
        granted = await pipeline.granted_scopes(client, scope, strict=False)
        ctx = await pipeline.claim_context(client, user, granted, pipeline.session_notes(client, user, None))
        return {"sub": user.id, **pipeline.mapped_claims(granted, ctx, "userinfo")}
    requested = scope if kind == "access" else " ".join(["openid", *(scope or "").split()])
    tokens = await token_claims(
        realm, client, user, None, requested, issuer(base_url, realm.name), strict=False
    )
    return tokens.access if kind == "access" else tokens.id_token or {}
