"""Reading the engine's state for the administration graph: auth requests (pending and handled), login
sessions and a subject's tokens, in the realm the flows serve."""

from __future__ import annotations

from core.runtime import settings
from models import AuthRequest, LoginSession, Token
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.oauth2.common import engine_realm

KINDS = ("login", "consent", "logout")


async def list_requests(
    actor: Actor | None,
    *,
    subject: str | None,
    kind: str | None,
    pending: bool | None,
    user_id: str | None = None,
    client_pk: str | None = None,
    offset: int = 0,
    limit: int = 100,
) -> tuple[list[AuthRequest], int]:
    """Requests, newest first; ``pending`` keeps the unhandled (true) or the handled ones (false)."""
    rights.require_oauth2(actor, settings().hydra_realm, manage=False)
    realm = await engine_realm()
    query = AuthRequest.filter(realm_id=realm.id)
    if subject is not None:
        query = query.filter(subject=subject)
    if kind is not None:
        query = query.filter(kind=kind)
    if pending is not None:
        query = query.filter(handled_at__isnull=pending)
    if user_id is not None:
        query = query.filter(user_id=user_id)
    if client_pk is not None:
        query = query.filter(client_id=client_pk)
    total = await query.count()
    rows = await query.order_by("-requested_at", "id").offset(offset).limit(limit)
    return rows, total


async def consent_sessions(
    actor: Actor | None, *, user_id: str | None = None, client_pk: str | None = None
) -> list[AuthRequest]:
    """The consent sessions (accepted consents carried through) of a realm user or to a client."""
    rights.require_oauth2(actor, settings().hydra_realm, manage=False)
    realm = await engine_realm()
    query = AuthRequest.filter(realm_id=realm.id, kind="consent", granted=True)
    if user_id is not None:
        query = query.filter(user_id=user_id)
    if client_pk is not None:
        query = query.filter(client_id=client_pk)
    return await query.order_by("handled_at", "id").limit(1000)


async def requests_by_ids(actor: Actor | None, ids: list[str]) -> list[AuthRequest | None]:
    """For ``node(id:)``: nothing for a caller who may not read the flows."""
    if actor is None or not rights.can(actor, settings().hydra_realm, "view-users"):
        return [None] * len(ids)
    found = {r.id: r for r in await AuthRequest.filter(id__in=ids)}
    return [found.get(i) for i in ids]


async def login_sessions(actor: Actor | None, subject: str) -> list[LoginSession]:
    rights.require_oauth2(actor, settings().hydra_realm, manage=False)
    realm = await engine_realm()
    return await LoginSession.filter(realm_id=realm.id, subject=subject).order_by("-authenticated_at")


async def _subject_sessions(realm_id: str, subject: str) -> list[str]:
    rows = await AuthRequest.filter(
        realm_id=realm_id, kind="consent", subject=subject, grant_session_id__not_isnull=True
    ).values_list("grant_session_id", flat=True)
    return [str(r) for r in rows]


async def subject_tokens(actor: Actor | None, subject: str, offset: int, limit: int) -> list[Token]:
    """The access and refresh tokens issued in the subject's flows, newest first."""
    rights.require_oauth2(actor, settings().hydra_realm, manage=False)
    sessions = await _subject_sessions((await engine_realm()).id, subject)
    if not sessions:
        return []
    query = Token.filter(session_id__in=sessions)
    return await query.order_by("-issued_at", "id").offset(offset).limit(limit)


async def count_subject_tokens(actor: Actor | None, subject: str) -> int:
    rights.require_oauth2(actor, settings().hydra_realm, manage=False)
    sessions = await _subject_sessions((await engine_realm()).id, subject)
    return await Token.filter(session_id__in=sessions).count() if sessions else 0
