"""Consent and login sessions. A consent session is an accepted consent request that was not revoked;
for a subject naming a realm user it is also that user's ``UserConsent``, so revoking it in either door
revokes it in both, with the tokens issued under it."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core.errors import InvalidInput
from core.runtime import settings
from models import AuthRequest, Client, LoginSession, Session, UserConsent
from models.base import now_ms
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.oauth2.common import engine_realm


async def remembered_consent(realm_id: str, subject: str, client_pk: str) -> AuthRequest | None:
    """The latest remembered, unexpired consent of the subject to the client, if any; a realm user's
    consent counts only while its ``UserConsent`` stands (Keycloak's door may have revoked it)."""
    row = (
        await AuthRequest.filter(
            Q(remember_until__isnull=True) | Q(remember_until__gt=now_ms()),
            realm_id=realm_id,
            kind="consent",
            subject=subject,
            client_id=client_pk,
            remember=True,
            granted=True,
        )
        .order_by("-handled_at")
        .first()
    )
    if row is None or (
        row.user_id and not await UserConsent.exists(user_id=row.user_id, client_id=client_pk)
    ):
        return None
    return row


@dataclass(frozen=True)
class ConsentSessionPage:
    sessions: list[AuthRequest]
    total: int


async def list_consent_sessions(
    actor: Actor | None, subject: str, limit: int, offset: int
) -> ConsentSessionPage:
    rights.require_oauth2(actor, settings().hydra_realm, manage=False)
    if not subject:
        raise InvalidInput("Query parameter 'subject' is not defined but should have been.")
    realm = await engine_realm()
    query = AuthRequest.filter(realm_id=realm.id, kind="consent", subject=subject, granted=True)
    rows = await query.select_related("client").order_by("handled_at", "id").offset(offset).limit(limit)
    return ConsentSessionPage(rows, await query.count())


async def revoke_consent_sessions(
    actor: Actor | None, subject: str, client_id: str | None, all_: bool
) -> None:
    """Hydra's ``DELETE /oauth2/auth/sessions/consent``: the subject's consents to one client (or to all),
    and every token issued under them."""
    rights.require_oauth2(actor, settings().hydra_realm, manage=True)
    if not subject:
        raise InvalidInput("Query parameter 'subject' is not defined but should have been.")
    if not client_id and not all_:
        raise InvalidInput(
            "Query parameter both 'client' and 'all' is not defined but one of them should have been."
        )
    realm = await engine_realm()
    client_pk = None
    if client_id:
        client = await Client.get_or_none(realm_id=realm.id, client_id=client_id)
        if client is None:
            return
        client_pk = client.id
    await revoke(realm.id, subject, client_pk)


async def revoke(realm_id: str, subject: str, client_pk: str | None) -> None:
    """Delete the consent requests of ``subject`` (to ``client_pk``, or to every client), the sessions their
    tokens belong to, and a realm user's ``UserConsent``s."""
    query = AuthRequest.filter(realm_id=realm_id, kind="consent", subject=subject)
    if client_pk:
        query = query.filter(client_id=client_pk)
    async with in_transaction():
        rows = await query.values_list("grant_session_id", "user_id", "client_id")
        sessions = [s for s, _, _ in rows if s]
        if sessions:
            await Session.filter(id__in=sessions).delete()
        for user_id, client in {(u, c) for _, u, c in rows if u and c}:
            await UserConsent.filter(user_id=user_id, client_id=client).delete()
        await query.delete()


async def revoke_for_user(user_id: str, client_pk: str) -> None:
    """Keycloak's door revoked a user's consent: the engine's consent sessions of that user go too."""
    rows = await AuthRequest.filter(kind="consent", user_id=user_id, client_id=client_pk).values_list(
        "realm_id", "subject"
    )
    for realm_id, subject in set(rows):
        await revoke(realm_id, subject, client_pk)


async def revoke_login_sessions(actor: Actor | None, subject: str) -> None:
    """Hydra's ``DELETE /oauth2/auth/sessions/login``: the subject must log in again; tokens stay."""
    rights.require_oauth2(actor, settings().hydra_realm, manage=True)
    if not subject:
        raise InvalidInput("Query parameter 'subject' is not defined but should have been.")
    realm = await engine_realm()
    await LoginSession.filter(realm_id=realm.id, subject=subject).delete()
