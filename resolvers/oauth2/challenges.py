"""The login and consent apps' side of a flow (Hydra's admin API): read a request by its challenge,
accept or reject it once, and learn where to send the browser back to (with the request's verifier)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from core.errors import Conflict, InvalidInput, NotFound
from core.runtime import settings
from models import AuthRequest, Client
from models.base import now_ms
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.oauth2.common import digest, engine_realm, new_secret, subject_user
from resolvers.oauth2.inputs import ConsentAcceptance, LoginAcceptance, Rejection
from resolvers.oauth2.requests import with_query

_DENIED_NAMES = {"login": "login request denied", "consent": "consent request denied"}


@dataclass(frozen=True)
class RequestView:
    """A login, consent or logout request as its app reads it; ``handled`` ones answer 410 with
    ``request_url``."""

    challenge: str
    request: AuthRequest
    client: Client | None

    @property
    def handled(self) -> bool:
        return self.request.handled_at is not None


async def find_request(challenge: str | None, kind: str) -> AuthRequest:
    if not challenge:
        raise InvalidInput("Query parameter 'challenge' is not defined but should have been.")
    realm = await engine_realm()
    row = await AuthRequest.get_or_none(challenge_hash=digest(challenge), kind=kind, realm_id=realm.id)
    if row is None:
        raise NotFound("Unable to locate the requested resource")
    return row


async def get_request(actor: Actor | None, kind: str, challenge: str | None) -> RequestView:
    rights.require_oauth2(actor, settings().hydra_realm, manage=False)
    row = await find_request(challenge, kind)
    client = await Client.get_or_none(id=row.client_id) if row.client_id else None
    return RequestView(str(challenge), row, client)


async def _handle(row: AuthRequest, outcome: dict[str, object], **changes: object) -> str:
    """Record the outcome once (a second handling is a conflict, as Hydra's insert of it is) and give the
    URL the browser returns to, with a fresh verifier."""
    if row.handled_at is not None:
        raise Conflict(f"The {row.kind} request was already handled")
    verifier, verifier_hash = new_secret()
    updated = await AuthRequest.filter(id=row.id, handled_at__isnull=True).update(
        handled_at=now_ms(), outcome=outcome, verifier_hash=verifier_hash, **changes
    )
    if not updated:
        raise Conflict(f"The {row.kind} request was already handled")
    return with_query(row.request_url, {f"{row.kind}_verifier": verifier})


async def accept_login(actor: Actor | None, challenge: str | None, body: LoginAcceptance) -> str:
    rights.require_oauth2(actor, settings().hydra_realm, manage=True)
    if not body.subject:
        raise InvalidInput("Field 'subject' must not be empty.")
    if body.remember_for < 0:
        raise InvalidInput("Field 'remember_for' must not be negative.")
    row = await find_request(challenge, "login")
    if row.subject and body.subject != row.subject:
        raise InvalidInput("Field 'subject' does not match subject from previous authentication.")
    user = await subject_user(row.realm_id, body.subject)
    outcome = dataclasses.asdict(body)
    if row.skip:
        outcome["remember"] = True  # a skipped login is remembered, so later requests skip as well
    return await _handle(
        row,
        outcome,
        subject=body.subject,
        user_id=user.id if user else None,
        authenticated_at=row.authenticated_at if row.skip else now_ms() // 1000 * 1000,
    )


async def accept_consent(actor: Actor | None, challenge: str | None, body: ConsentAcceptance) -> str:
    rights.require_oauth2(actor, settings().hydra_realm, manage=True)
    if body.remember_for < 0:
        raise InvalidInput("Field 'remember_for' must not be negative.")
    row = await find_request(challenge, "consent")
    remember = body.remember and not row.skip
    outcome = {
        "grant_scope": body.grant_scope,
        "grant_access_token_audience": body.grant_access_token_audience,
        "remember": remember,
        "remember_for": body.remember_for,
        "session": {"access_token": body.access_token, "id_token": body.id_token},
    }
    until = now_ms() + body.remember_for * 1000 if remember and body.remember_for > 0 else None
    return await _handle(row, outcome, remember=remember, remember_until=until)


async def accept_logout(actor: Actor | None, challenge: str | None) -> str:
    rights.require_oauth2(actor, settings().hydra_realm, manage=True)
    return await _handle(await find_request(challenge, "logout"), {})


async def reject(actor: Actor | None, kind: str, challenge: str | None, body: Rejection) -> str:
    rights.require_oauth2(actor, settings().hydra_realm, manage=True)
    row = await find_request(challenge, kind)
    error = {
        "error": body.error or _DENIED_NAMES[kind],
        "error_description": body.error_description,
        "error_hint": body.error_hint,
        "error_debug": body.error_debug,
        "status_code": body.status_code or 400,
    }
    return await _handle(row, {"error": error})
