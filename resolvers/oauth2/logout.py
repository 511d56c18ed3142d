"""RP-initiated logout (``GET /oauth2/sessions/logout``) through the logout app, as Hydra runs it: the
request becomes a logout challenge; once the app accepts it, the verifier ends the browser's login
session and sends it to the client's ``post_logout_redirect_uri`` (registered, and only with an
``id_token_hint`` naming that client)."""

from __future__ import annotations

from core.errors import OAuthError, Unauthenticated
from core.runtime import settings
from models import AuthRequest, Client, LoginSession
from models.base import now_ms
from resolvers.auth.verify import signed_claims
from resolvers.kit import rights
from resolvers.kit.actor import Actor
from resolvers.oauth2.authorize import SESSION_COOKIE, Redirect
from resolvers.oauth2.challenges import find_request
from resolvers.oauth2.common import (
    CHALLENGE_LIFESPAN_MS,
    digest,
    engine_realm,
    new_secret,
    post_logout_redirect_uris,
)
from resolvers.oauth2.requests import with_query

FALLBACK = "/oauth2/fallbacks/logout/callback"


async def start_logout(params: dict[str, str], session_cookie: str | None, base_url: str) -> Redirect:
    realm = await engine_realm()
    if params.get("logout_verifier"):
        return await _finish(realm.id, params["logout_verifier"], base_url)
    session = (
        await LoginSession.get_or_none(id=digest(session_cookie), realm_id=realm.id)
        if session_cookie
        else None
    )
    client = None
    subject = session.subject if session else None
    hint = params.get("id_token_hint")
    if hint:
        try:
            claims = await signed_claims(realm.id, hint)
        except Unauthenticated as exc:
            raise OAuthError("invalid_request", "Unable to validate the id_token_hint.") from exc
        audience = claims.get("aud")
        client_id = audience[0] if isinstance(audience, list) and audience else audience
        client = await Client.get_or_none(realm_id=realm.id, client_id=str(client_id))
        if subject and claims.get("sub") != subject:
            raise OAuthError("invalid_request", "The id_token_hint does not match the session's subject.")
        subject = str(claims.get("sub") or "") or subject
    redirect_uri = params.get("post_logout_redirect_uri")
    if redirect_uri and (client is None or redirect_uri not in post_logout_redirect_uris(client)):
        raise OAuthError(
            "invalid_request",
            "Logout failed because query parameter post_logout_redirect_uri is not a whitelisted as a"
            " post_logout_redirect_uri for the client.",
        )
    if subject is None:
        return Redirect(base_url + FALLBACK)
    challenge, challenge_hash = new_secret()
    row = AuthRequest(
        kind="logout",
        challenge_hash=challenge_hash,
        realm_id=realm.id,
        client_id=client.id if client else None,
        subject=subject,
        user_id=session.user_id if session else None,
        login_session_id=session.id if session else None,
        request_url=f"{base_url}/oauth2/sessions/logout",
        params={k: v for k, v in params.items() if k in ("post_logout_redirect_uri", "state")},
        context={"sid": session.sid if session else "", "rp_initiated": bool(hint)},
        csrf_hash="",
        expires_at=now_ms() + CHALLENGE_LIFESPAN_MS,
    )
    row.flow_id = row.id
    await row.save()
    return Redirect(with_query(settings().logout_url, {"logout_challenge": challenge}))


async def _finish(realm_id: str, verifier: str, base_url: str) -> Redirect:
    row = await AuthRequest.get_or_none(verifier_hash=digest(verifier), kind="logout", realm_id=realm_id)
    if row is None or not await AuthRequest.filter(id=row.id, verifier_used=False).update(verifier_used=True):
        raise OAuthError("invalid_request", "The logout verifier has already been used or is invalid.")
    if row.login_session_id:
        await LoginSession.filter(id=row.login_session_id).delete()
    target = row.params.get("post_logout_redirect_uri")
    location = (
        with_query(target, {"state": row.params["state"]} if row.params.get("state") else {})
        if target
        else base_url + FALLBACK
    )
    return Redirect(location, {SESSION_COOKIE: None})


async def reject_logout(actor: Actor | None, challenge: str | None) -> None:
    """The logout app refused: the request is gone, the session stays."""
    rights.require_oauth2(actor, settings().hydra_realm, manage=True)
    row = await find_request(challenge, "logout")
    await AuthRequest.filter(id=row.id).delete()
