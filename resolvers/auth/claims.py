"""The one claims pipeline: which client scopes a token request is granted, which roles are in scope, and
what the protocol mappers of the client and of those scopes write into the access token, the ID token,
userinfo and introspection. The token endpoint and ``evaluate-scopes`` both run it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.errors import OAuthError
from models import (
    Client,
    ClientScope,
    ClientScopeLink,
    Group,
    GroupMembership,
    ProtocolMapper,
    Role,
    User,
    UserAttribute,
)
from resolvers.auth.mapper_types import (
    ACCESS_ONLY,
    HARDCODED_ROLE,
    MAPPER_TYPES,
    ClaimContext,
    Target,
    hardcoded_role,
    included,
    origin_of,
)
from resolvers.client_scopes.scope_mappings import carries_all_roles, mapped_role_ids
from resolvers.roles.effective import composite_closure, effective_roles

OIDC = "openid-connect"


@dataclass(frozen=True)
class Granted:
    """What one token request is granted: the client scopes (defaults first, then the optional scopes
    asked for, in the request's order), the token's ``scope`` string and the mappers that apply."""

    scopes: list[ClientScope]
    scope: str
    mappers: list[ProtocolMapper]


def _in_token_scope(scope: ClientScope) -> bool:
    return str(scope.attributes.get("include.in.token.scope", "true")).lower() != "false"


async def granted_scopes(client: Client, requested: str | None, *, strict: bool = True) -> Granted:
    """The client's default scopes and the optional ones ``requested`` names. An unknown name is an
    ``invalid_scope`` error when ``strict`` (the token endpoint), ignored otherwise (evaluation)."""
    asked = list(dict.fromkeys((requested or "").split()))
    links = await ClientScopeLink.filter(client_id=client.id).select_related("scope")
    protocol = client.protocol or OIDC
    defaults = sorted(
        (lk.scope for lk in links if lk.default and lk.scope.protocol == protocol), key=lambda s: s.name
    )
    optional = {lk.scope.name: lk.scope for lk in links if not lk.default and lk.scope.protocol == protocol}
    known = {s.name for s in defaults} | set(optional) | {"openid"}
    unknown = [name for name in asked if name not in known]
    if unknown and strict:
        raise OAuthError("invalid_scope", f"Invalid scopes: {' '.join(asked)}")
    scopes = defaults + [optional[name] for name in asked if name in optional]
    names = (["openid"] if "openid" in asked else []) + [s.name for s in scopes if _in_token_scope(s)]
    mappers = await ProtocolMapper.filter(owner_id__in=[client.id, *[s.id for s in scopes]], protocol=OIDC)
    order = {owner: i for i, owner in enumerate([client.id, *[s.id for s in scopes]])}
    mappers.sort(key=lambda m: (order[m.owner_id], m.position, m.name))
    return Granted(scopes, " ".join(names), mappers)


async def roles_in_token(client: Client, user: User, granted: Granted) -> list[Role]:
    """The user's effective roles the token may carry: all of them with the full scope, otherwise those in
    the client's or a granted scope's scope mappings (composites expanded) and the client's own roles;
    then the roles hardcoded-role mappers add (``carries_all_roles`` says which clients carry all)."""
    held = (await effective_roles([user.id]))[user.id]
    if not carries_all_roles(client):
        owners = [client.id, *[s.id for s in granted.scopes]]
        mapped = set().union(*(await mapped_role_ids(owners)).values())
        closure = await composite_closure(mapped)
        reach = set().union(*closure.values()) if closure else set()
        held = [r for r in held if r.id in reach or r.client_id == client.id]
    added = [
        ref
        for ref in (hardcoded_role(m) for m in granted.mappers if m.protocol_mapper == HARDCODED_ROLE)
        if ref
    ]
    return held + await _named_roles(client.realm_id, added)


async def _named_roles(realm_id: str, refs: list[tuple[str | None, str]]) -> list[Role]:
    out = []
    for client_id, name in refs:
        if client_id is None:
            role = await Role.get_or_none(realm_id=realm_id, client_id=None, name=name)
        else:
            role = await Role.get_or_none(realm_id=realm_id, client__client_id=client_id, name=name)
        if role is not None:
            await role.fetch_related("client")
            out.append(role)
    return out


def web_origins(client: Client) -> list[str]:
    """The client's web origins, ``+`` standing for the origins of its redirect URIs."""
    out: list[str] = []
    for origin in client.web_origins or []:
        if origin == "+":
            for uri in client.redirect_uris or []:
                absolute = uri if "://" in uri else f"{(client.root_url or '').rstrip('/')}{uri}"
                found = origin_of(absolute)
                if found:
                    out.append(found)
        elif origin != "-":
            out.append(origin)
    return list(dict.fromkeys(out))


async def claim_context(client: Client, user: User, granted: Granted, notes: dict[str, str]) -> ClaimContext:
    """Everything the mappers may read, gathered in a handful of queries."""
    roles = await roles_in_token(client, user, granted)
    realm_roles = {r.name for r in roles if r.client_id is None}
    client_roles: dict[str, set[str]] = {}
    for role in roles:
        if role.client_id is not None and role.client is not None:
            client_roles.setdefault(role.client.client_id, set()).add(role.name)
    attributes: dict[str, list[str]] = {}
    for row in await UserAttribute.filter(user_id=user.id).order_by("name", "position"):
        attributes.setdefault(row.name, []).append(row.value)
    group_ids = await GroupMembership.filter(user_id=user.id).values_list("group_id", flat=True)
    paths = await Group.filter(id__in=list(group_ids)).values_list("path", flat=True) if group_ids else []
    properties = {
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email_verified": user.email_verified,
        "enabled": user.enabled,
        "created_timestamp": user.created_timestamp,
    }
    return ClaimContext(
        client_id=client.client_id,
        properties=properties,
        attributes=attributes,
        group_paths=[str(p) for p in paths],
        realm_roles=realm_roles,
        client_roles=client_roles,
        session_notes=notes,
        web_origins=web_origins(client),
    )


def mapped_claims(granted: Granted, ctx: ClaimContext, target: Target) -> dict[str, Any]:
    """The claims the granted mappers write into one kind of token."""
    claims: dict[str, Any] = {}
    for mapper in granted.mappers:
        apply = MAPPER_TYPES.get(mapper.protocol_mapper)
        if apply is None or not included(mapper, target):
            continue
        if mapper.protocol_mapper in ACCESS_ONLY and target not in ("access", "introspection"):
            continue
        apply(mapper, ctx, claims)
    return claims


def session_notes(client: Client, user: User, ip: str | None) -> dict[str, str]:
    """The notes a session carries for session-note mappers: a service account's client and address."""
    if user.service_account_client_id is None:
        return {}
    notes = {"client_id": client.client_id, "clientId": client.client_id}
    if ip:
        notes |= {"clientHost": ip, "clientAddress": ip}
    return notes
