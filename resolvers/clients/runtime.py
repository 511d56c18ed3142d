"""What a client has at run time: its service-account user, its sessions, its cluster nodes, revocation
pushes, and the fine-grained management-permissions switch."""

from __future__ import annotations

import time

from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from core.errors import InvalidInput, NotFound
from models import Client, Realm, Session, Token, User
from resolvers.kit import lookup, management, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.users.sessions import PushResult, SessionView, session_views
from resolvers.users.views import UserView, user_views

CLIENT_SCOPES = (
    "view",
    "manage",
    "configure",
    "map-roles",
    "map-roles-client-scope",
    "map-roles-composite",
    "token-exchange",
)


async def _client(
    actor: Actor | None, realm_name: str, client_uuid: str, right: str
) -> tuple[Actor, Realm, Client]:
    actor = rights.require(actor, realm_name, right)
    realm = await lookup.realm_by_name(realm_name)
    return actor, realm, await lookup.client_in_realm(realm, client_uuid)


async def service_account_user(actor: Actor | None, realm_name: str, client_uuid: str) -> UserView:
    """The user behind the client's service account: ``client_credentials`` tokens carry its roles."""
    actor, _, client = await _client(actor, realm_name, client_uuid, "view-clients")
    user = await User.get_or_none(service_account_client_id=client.id)
    if not client.service_accounts_enabled or user is None:
        raise InvalidInput(f"Service account not enabled for the client '{client.client_id}'")
    access = rights.access_of(actor, realm_name, "user")
    return (await user_views([user], attributes=True, access=access))[0]


def _sessions_of(client: Client, offline: bool) -> Q:
    """The sessions started by the client or holding its tokens."""
    holding = Subquery(Token.filter(client_id=client.id).exclude(session_id=None).values("session_id"))
    return Q(Q(client_id=client.id) | Q(id__in=holding), offline=offline)


async def _sessions(client: Client, offline: bool, first: int, max_: int) -> list[SessionView]:
    sessions = (
        await Session.filter(_sessions_of(client, offline))
        .order_by("started", "id")
        .offset(first)
        .limit(max_)
    )
    user_ids = list({s.user_id for s in sessions if s.user_id})
    names = dict(await User.filter(id__in=user_ids).values_list("id", "username")) if user_ids else {}
    return await session_views(list(sessions), names)


async def session_count(actor: Actor | None, realm_name: str, client_uuid: str, *, offline: bool) -> int:
    _, _, client = await _client(actor, realm_name, client_uuid, "view-clients")
    return await Session.filter(_sessions_of(client, offline)).count()


async def client_sessions(
    actor: Actor | None, realm_name: str, client_uuid: str, *, offline: bool, first: int, max_: int
) -> list[SessionView]:
    _, _, client = await _client(actor, realm_name, client_uuid, "view-clients")
    return await _sessions(client, offline, first, max_)


async def register_node(actor: Actor | None, realm_name: str, client_uuid: str, node: object) -> None:
    actor, realm, client = await _client(actor, realm_name, client_uuid, "manage-clients")
    if not isinstance(node, str) or not node:
        raise InvalidInput("Node not found in params")
    nodes = dict(client.config.get("registeredNodes") or {})
    nodes[node] = int(time.time())
    async with in_transaction():
        client.config = {**client.config, "registeredNodes": nodes}
        await client.save(update_fields=["config"])
        await record_admin_event(
            realm, actor, "CREATE", "CLUSTER_NODE", f"clients/{client.id}/nodes/{node}", {"node": node}
        )


async def unregister_node(actor: Actor | None, realm_name: str, client_uuid: str, node: str) -> None:
    actor, realm, client = await _client(actor, realm_name, client_uuid, "manage-clients")
    nodes = dict(client.config.get("registeredNodes") or {})
    if node not in nodes:
        raise NotFound(f"Client does not have node {node}")
    del nodes[node]
    async with in_transaction():
        client.config = {**client.config, "registeredNodes": nodes}
        await client.save(update_fields=["config"])
        await record_admin_event(realm, actor, "DELETE", "CLUSTER_NODE", f"clients/{client.id}/nodes/{node}")


async def test_nodes_available(actor: Actor | None, realm_name: str, client_uuid: str) -> PushResult:
    """No request leaves this server for a client's nodes, so none succeeds: with an admin URL, every
    registered node is reported as failed; without one Keycloak sends nothing either."""
    actor, realm, client = await _client(actor, realm_name, client_uuid, "manage-clients")
    async with in_transaction():
        await record_admin_event(
            realm, actor, "ACTION", "CLUSTER_NODE", f"clients/{client.id}/test-nodes-available"
        )
    if not client.config.get("adminUrl"):
        return PushResult()
    return PushResult(failed=sorted(client.config.get("registeredNodes") or {}))


async def push_revocation(actor: Actor | None, realm_name: str, client_uuid: str) -> PushResult:
    """Keycloak posts the client's notBefore to its admin URL; this server sends no such request."""
    actor, realm, client = await _client(actor, realm_name, client_uuid, "manage-clients")
    async with in_transaction():
        await record_admin_event(realm, actor, "ACTION", "CLIENT", f"clients/{client.id}/push-revocation")
    admin_url = client.config.get("adminUrl")
    return PushResult(failed=[admin_url]) if isinstance(admin_url, str) and admin_url else PushResult()


async def _subject(realm: Realm, client_uuid: str) -> management.Subject:
    client = await lookup.client_in_realm(realm, client_uuid)
    return management.Subject(
        model=client,
        view_right="view-clients",
        manage_right="manage-clients",
        resource_type="CLIENT",
        resource_path=f"clients/{client.id}",
    )


CLIENT = management.Kind(
    name="client",
    scopes=CLIENT_SCOPES,
    find=_subject,
    view_right="view-clients",
    manage_right="manage-clients",
)


async def permissions(
    actor: Actor | None, realm_name: str, client_uuid: str
) -> management.PermissionReference:
    return await management.get(actor, realm_name, CLIENT, client_uuid)


async def set_permissions(
    actor: Actor | None, realm_name: str, client_uuid: str, enabled: object
) -> management.PermissionReference:
    return await management.set(actor, realm_name, CLIENT, client_uuid, enabled)
