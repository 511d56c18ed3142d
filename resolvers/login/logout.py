"""RP-initiated logout (``…/openid-connect/logout``, OpenID Connect RP-Initiated Logout 1.0 as Keycloak
serves it): the ID token hint names the client and the session, ``post_logout_redirect_uri`` must be one
of the client's ``post.logout.redirect.uris``; the SSO session and the sessions it made end. Without a
hint the browser is asked to confirm (a form with the CSRF token), so a link alone cannot log anyone out."""

from __future__ import annotations

import hmac

from core.errors import Unauthenticated
from models import AuthRequest, Client, LoginSession, Realm, Session
from resolvers.auth.verify import signed_claims
from resolvers.login.authorize import login_realm
from resolvers.login.outcomes import (
    CSRF_COOKIE,
    IDENTITY_COOKIE,
    Cookies,
    Outcome,
    Page,
    Redirect,
    error_page,
)
from resolvers.login.pages import messages
from resolvers.login.redirects import post_logout_uris, verified
from resolvers.oauth2.common import digest, new_secret
from resolvers.oauth2.requests import with_query

# What the confirmation form carries over to its answer.
_KEPT = ("client_id", "post_logout_redirect_uri", "state", "ui_locales")


async def end_session(
    realm_name: str, params: dict[str, str], cookies: dict[str, str], confirmed: bool
) -> Outcome:
    realm = await login_realm(realm_name)
    if realm is None:
        return error_page("Realm does not exist", 404)
    hint = params.get("id_token_hint")
    claims: dict[str, object] = {}
    if hint:
        try:
            claims = await signed_claims(realm.id, hint)
        except Unauthenticated:
            return error_page("Invalid IDToken")
    audience = claims.get("aud")
    named = claims.get("azp") or (audience[0] if isinstance(audience, list) and audience else audience)
    client_id = params.get("client_id") or str(named or "") or None
    client = await Client.get_or_none(realm_id=realm.id, client_id=client_id) if client_id else None
    target = params.get("post_logout_redirect_uri")
    if target:
        if client is None:
            return error_page("Either the parameter client_id or the parameter id_token_hint is required")
        if verified(client, target, post_logout_uris(client)) is None:
            return error_page("Invalid redirect uri")
    if not hint and not confirmed:
        csrf, _ = new_secret()
        msg = messages(realm)
        page = {
            "msg": msg,
            "realm_name": realm.name,
            "csrf": csrf,
            "kept": {k: v for k, v in params.items() if k in _KEPT},
            "action": f"/realms/{realm.name}/protocol/openid-connect/logout",
        }
        return Page("logout-confirm.html", page, {CSRF_COOKIE: (csrf, None)})
    await _end(realm, cookies.get(IDENTITY_COOKIE), str(claims.get("sid") or "") or None)
    gone: Cookies = {IDENTITY_COOKIE: None, CSRF_COOKIE: None}
    if target:
        state = {"state": params["state"]} if params.get("state") else {}
        return Redirect(with_query(target, state), gone)
    return Page("logged-out.html", {"msg": messages(realm), "realm_name": realm.name}, gone)


def confirmation_valid(form: dict[str, str], cookies: dict[str, str]) -> bool:
    given, cookie = form.get("csrf") or "", cookies.get(CSRF_COOKIE) or ""
    return bool(given) and hmac.compare_digest(given, cookie)


async def _end(realm: Realm, cookie: str | None, sid: str | None) -> None:
    """The SSO session (by the cookie, else by the token's ``sid``) and every session it made."""
    ids = [digest(cookie)] if cookie else []
    if sid:
        ids += [
            str(i) for i in await LoginSession.filter(realm_id=realm.id, sid=sid).values_list("id", flat=True)
        ]
    if not ids:
        return
    made = await AuthRequest.filter(login_session_id__in=ids, kind="consent").values_list(
        "grant_session_id", flat=True
    )
    await Session.filter(id__in=[s for s in made if s]).delete()
    await LoginSession.filter(id__in=ids, realm_id=realm.id).delete()
