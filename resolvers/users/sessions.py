"""User sessions: listing, logging a user out, ending one session, realm-wide logout and revocation push.

Ending a session revokes every token issued in it (``Token.revoked``) and deletes the session row.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core.errors import NotFound
from models import Client, Realm, Session, Token, User
from models.base import now_ms
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event
from resolvers.kit.lookup import realm_by_name
from resolvers.users.credentials import target_user


@dataclass
class SessionView:
    """A session with its user's name and the clients it holds tokens for ({client uuid: clientId})."""

    session: Session
    username: str
    clients: dict[str, str] = field(default_factory=dict)


async def session_views(sessions: list[Session], users: dict[str, str]) -> list[SessionView]:
    ids = [s.id for s in sessions]
    clients: dict[str, dict[str, str]] = defaultdict(dict)
    client_ids = {s.client_id for s in sessions if s.client_id}
    pairs = (
        await Token.filter(session_id__in=ids).distinct().values_list("session_id", "client_id")
        if ids
        else []
    )
    client_ids |= {c for _, c in pairs if c}
    names = (
        dict(await Client.filter(id__in=list(client_ids)).values_list("id", "client_id"))
        if client_ids
        else {}
    )
    for s in sessions:
        if s.client_id is not None and s.client_id in names:
            clients[s.id][s.client_id] = names[s.client_id]
    for sid, cid in pairs:
        if cid in names:
            clients[sid][cid] = names[cid]
    return [SessionView(s, users.get(s.user_id or "", ""), dict(clients[s.id])) for s in sessions]


async def user_sessions(actor: Actor | None, realm_name: str, user_id: str) -> list[SessionView]:
    _, _, user = await target_user(actor, realm_name, user_id, "view-users")
    sessions = await Session.filter(user_id=user.id, offline=False).order_by("started")
    return await session_views(sessions, {user.id: user.username})


async def offline_sessions(
    actor: Actor | None, realm_name: str, user_id: str, client_uuid: str
) -> list[SessionView]:
    _, realm, user = await target_user(actor, realm_name, user_id, "view-users")
    client = await Client.get_or_none(id=client_uuid, realm_id=realm.id)
    if client is None:
        raise NotFound("Client not found")
    with_tokens = (
        await Token.filter(user_id=user.id, client_id=client.id, kind="offline")
        .exclude(session_id=None)
        .distinct()
        .values_list("session_id", flat=True)
    )
    sessions = await Session.filter(
        Q(client_id=client.id) | Q(id__in=list(with_tokens)), user_id=user.id, offline=True
    ).order_by("started")
    return await session_views(list(sessions), {user.id: user.username})


async def _end(session_ids: list[str]) -> None:
    if session_ids:
        await Token.filter(session_id__in=session_ids, revoked=False).update(revoked=True)
        await Session.filter(id__in=session_ids).delete()


async def logout_user(actor: Actor | None, realm_name: str, user_id: str) -> None:
    """End every (online) session of the user and refuse tokens issued before now."""
    actor, realm, user = await target_user(actor, realm_name, user_id, "manage-users")
    async with in_transaction():
        user.not_before = int(time.time())
        await user.save(update_fields=["not_before"])
        ids: list[Any] = await Session.filter(user_id=user.id, offline=False).values_list("id", flat=True)
        await _end(ids)
        await (
            Token.filter(user_id=user.id, session_id=None, revoked=False)
            .exclude(kind="offline")
            .update(revoked=True)
        )
        await record_admin_event(realm, actor, "ACTION", "USER", f"users/{user.id}/logout")


async def delete_session(
    actor: Actor | None, realm_name: str, session_id: str, offline: bool = False
) -> None:
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    session = await Session.get_or_none(id=session_id, realm_id=realm.id, offline=offline)
    if session is None:
        raise NotFound("Sesssion not found")
    async with in_transaction():
        await _end([session.id])
        await record_admin_event(realm, actor, "DELETE", "USER_SESSION", f"sessions/{session_id}")


@dataclass(frozen=True)
class PushResult:
    """The clients' admin URLs notified of a logout or revocation, and those that failed. No client has an
    admin URL to notify here, so no request is sent and none fails."""

    succeeded: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ClientSessionStats:
    """How many online and offline sessions hold tokens of one client."""

    client_uuid: str
    client_id: str
    active: int
    offline: int


async def logout_all(actor: Actor | None, realm_name: str) -> PushResult:
    """End every online session of the realm and set the realm's notBefore to now."""
    actor = rights.require(actor, realm_name, "manage-users")
    realm = await realm_by_name(realm_name)
    async with in_transaction():
        realm.config = {**realm.config, "notBefore": int(time.time())}
        await realm.save(update_fields=["config"])
        ids: list[Any] = await Session.filter(realm_id=realm.id, offline=False).values_list("id", flat=True)
        await _end(ids)
        await record_admin_event(realm, actor, "ACTION", "REALM", "logout-all")
    return PushResult()


async def push_revocation(actor: Actor | None, realm_name: str) -> PushResult:
    actor = rights.require(actor, realm_name, "manage-realm")
    realm = await realm_by_name(realm_name)
    async with in_transaction():
        await record_admin_event(realm, actor, "ACTION", "REALM", "push-revocation")
    return PushResult()


async def client_session_stats(actor: Actor | None, realm_name: str) -> list[ClientSessionStats]:
    """Per client holding sessions: its id, clientId and the counts of online and offline sessions."""
    rights.require(actor, realm_name, "view-realm")
    realm = await realm_by_name(realm_name)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for client_id, offline in (
        await Session.filter(realm_id=realm.id).exclude(client_id=None).values_list("client_id", "offline")
    ):
        counts[client_id][1 if offline else 0] += 1
    names = dict(await Client.filter(id__in=list(counts)).values_list("id", "client_id")) if counts else {}
    return [
        ClientSessionStats(client_uuid=cid, client_id=names.get(cid, cid), active=on, offline=off)
        for cid, (on, off) in sorted(counts.items(), key=lambda kv: names.get(kv[0], kv[0]))
    ]


async def create_session(realm: Realm, user: User, ip: str | None, client_id: str | None = None) -> Session:
    return await Session.create(
        realm_id=realm.id,
        user_id=user.id,
        client_id=client_id,
        ip_address=ip,
        started=now_ms(),
        last_access=now_ms(),
    )
