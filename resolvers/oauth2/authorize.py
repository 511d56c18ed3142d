"""``GET /oauth2/auth``: the browser's round trip through the login and the consent app, as Hydra's
default strategy runs it. Without a verifier the request becomes a login challenge; the login verifier
becomes a consent challenge; the consent verifier becomes the response at the client's redirect URI.
The browser is bound to its challenges by CSRF cookies, each challenge and verifier works once."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from tortoise.transactions import in_transaction

from core.runtime import settings
from models import AuthRequest, Client, LoginSession, Realm, Session, UserConsent
from models.base import now_ms
from resolvers.oauth2 import tokens
from resolvers.oauth2.common import (
    CHALLENGE_LIFESPAN_MS,
    CODE_LIFESPAN_MS,
    digest,
    engine_realm,
    expired,
    issuer,
    new_secret,
)
from resolvers.oauth2.consents import remembered_consent
from resolvers.oauth2.requests import (
    AuthorizeRequest,
    Refused,
    error_redirect,
    oidc_context,
    target,
    validate,
    with_query,
)

LOGIN_CSRF = "oauth2_authentication_csrf"
CONSENT_CSRF = "oauth2_consent_csrf"
SESSION_COOKIE = "oauth2_authentication_session"
_VERIFIERS = ("login_verifier", "consent_verifier")


@dataclass(frozen=True)
class Redirect:
    """Where the browser goes next, and the cookies to set (``None`` deletes one; ``max_age`` ``None``
    for a cookie of the browser session)."""

    location: str
    cookies: dict[str, tuple[str, int | None] | None] = field(default_factory=dict)


async def authorize(params: dict[str, str], cookies: dict[str, str], base_url: str) -> Redirect:
    realm = await engine_realm()
    base = await target(realm, params)
    try:
        request = validate(base)
        if params.get("login_verifier"):
            return await _after_login(request, params["login_verifier"], cookies)
        if params.get("consent_verifier"):
            return await _after_consent(realm, request, params["consent_verifier"], cookies, base_url)
        return await _start(request, cookies, base_url)
    except Refused as refused:
        return Redirect(error_redirect(base, refused))


def _request_url(base_url: str, params: dict[str, str]) -> str:
    kept = {k: v for k, v in params.items() if k not in _VERIFIERS}
    return f"{base_url}/oauth2/auth?{urlencode(kept)}"


async def _live_login_session(realm_id: str, cookie: str | None) -> LoginSession | None:
    if not cookie:
        return None
    found = await LoginSession.get_or_none(id=digest(cookie), realm_id=realm_id)
    if found is None or expired(found.expires_at):
        return None
    return found


async def _start(request: AuthorizeRequest, cookies: dict[str, str], base_url: str) -> Redirect:
    realm_id = request.client.realm_id
    known = await _live_login_session(realm_id, cookies.get(SESSION_COOKIE))
    if known is not None and request.max_age is not None:
        if known.authenticated_at + request.max_age * 1000 < now_ms():
            if "none" in request.prompt:
                raise Refused(
                    "login_required",
                    "The Authorization Server requires End-User authentication.",
                    "Request failed because prompt is set to 'none' and"
                    " authentication time reached 'max_age'.",
                )
            known = None
    skip = known is not None and "login" not in request.prompt
    if "none" in request.prompt and not skip:
        raise Refused(
            "login_required",
            "The Authorization Server requires End-User authentication.",
            "Prompt 'none' was requested, but no existing login session was found.",
        )
    challenge, challenge_hash = new_secret()
    csrf, csrf_hash = new_secret()
    row = AuthRequest(
        kind="login",
        challenge_hash=challenge_hash,
        realm_id=realm_id,
        client_id=request.client.id,
        subject=known.subject if skip and known else None,
        user_id=known.user_id if skip and known else None,
        login_session_id=known.id if known else None,
        skip=skip,
        request_url=_request_url(base_url, request.params),
        params=request.params,
        requested_scope=request.scope,
        requested_audience=request.audience,
        context={"oidc_context": oidc_context(request.params), "sid": known.sid if skip and known else ""},
        csrf_hash=csrf_hash,
        expires_at=now_ms() + CHALLENGE_LIFESPAN_MS,
        authenticated_at=known.authenticated_at if skip and known else None,
    )
    row.flow_id = row.id
    await row.save()
    location = with_query(settings().login_url, {"login_challenge": challenge})
    return Redirect(location, {LOGIN_CSRF: (csrf, None)})


async def _verified(
    kind: str, verifier: str, csrf_cookie: str | None, request: AuthorizeRequest
) -> AuthRequest:
    """The handled request a verifier names, used up; each failure as Hydra words it."""
    row = await AuthRequest.get_or_none(verifier_hash=digest(verifier), kind=kind)
    # The verifier returns to the very request its challenge was made for: no parameter swapped since.
    asked = {k: v for k, v in request.params.items() if k not in _VERIFIERS}
    if row is None or row.handled_at is None or row.client_id != request.client.id or row.params != asked:
        raise Refused(
            "access_denied",
            "The resource owner or authorization server denied the request.",
            f"The {kind} verifier has already been used, has not been granted, or is invalid.",
        )
    if not csrf_cookie or digest(csrf_cookie) != row.csrf_hash:
        raise Refused(
            "request_forbidden",
            "The request is not allowed.",
            "The CSRF value from the token does not match the CSRF value from the data store.",
        )
    if expired(row.expires_at):
        raise Refused(
            "access_denied",
            "The resource owner or authorization server denied the request.",
            f"The {kind} request has expired, please try again.",
        )
    used = await AuthRequest.filter(id=row.id, verifier_used=False).update(verifier_used=True)
    if not used:
        raise Refused(
            "access_denied",
            "The resource owner or authorization server denied the request.",
            f"The {kind} verifier has already been used, has not been granted, or is invalid.",
        )
    error = row.outcome.get("error")
    if isinstance(error, dict):
        raise Refused(
            str(error.get("error") or "access_denied"),
            str(error.get("error_description") or ""),
            str(error.get("error_hint") or ""),
        )
    return row


async def _after_login(request: AuthorizeRequest, verifier: str, cookies: dict[str, str]) -> Redirect:
    login = await _verified("login", verifier, cookies.get(LOGIN_CSRF), request)
    outcome = login.outcome
    subject = str(outcome["subject"])
    set_cookies: dict[str, tuple[str, int | None] | None] = {LOGIN_CSRF: None}
    session = await LoginSession.get_or_none(id=login.login_session_id) if login.login_session_id else None
    if session is None or session.subject != subject or not login.skip:
        cookie, cookie_hash = new_secret()
        remember_for = int(outcome.get("remember_for") or 0)
        session = await LoginSession.create(
            id=cookie_hash,
            realm_id=login.realm_id,
            subject=subject,
            user_id=login.user_id,
            remember=bool(outcome.get("remember")),
            authenticated_at=login.authenticated_at or now_ms(),
            expires_at=now_ms() + remember_for * 1000 if remember_for > 0 else None,
            acr=str(outcome.get("acr") or ""),
            amr=list(outcome.get("amr") or []),
        )
        if session.remember:
            set_cookies[SESSION_COOKIE] = (cookie, remember_for or None)
    previous = await remembered_consent(login.realm_id, subject, request.client.id)
    skip = (
        previous is not None
        and "consent" not in request.prompt
        and set(login.requested_scope) <= set(previous.outcome.get("grant_scope") or [])
        and set(login.requested_audience) <= set(previous.outcome.get("grant_access_token_audience") or [])
    )
    if "none" in request.prompt and not skip:
        raise Refused(
            "consent_required",
            "The Authorization Server requires End-User consent.",
            "Prompt 'none' was requested, but no previous consent was found.",
        )
    challenge, challenge_hash = new_secret()
    csrf, csrf_hash = new_secret()
    await AuthRequest.create(
        kind="consent",
        challenge_hash=challenge_hash,
        realm_id=login.realm_id,
        client_id=request.client.id,
        flow_id=login.flow_id,
        subject=subject,
        user_id=login.user_id,
        login_session_id=session.id,
        skip=skip,
        request_url=login.request_url,
        params=login.params,
        requested_scope=login.requested_scope,
        requested_audience=login.requested_audience,
        context={
            "oidc_context": login.context.get("oidc_context") or {},
            "acr": outcome.get("acr") or "",
            "amr": outcome.get("amr") or [],
            "context": outcome.get("context") or {},
            "sid": session.sid,
        },
        csrf_hash=csrf_hash,
        expires_at=now_ms() + CHALLENGE_LIFESPAN_MS,
        authenticated_at=login.authenticated_at or session.authenticated_at,
    )
    set_cookies[CONSENT_CSRF] = (csrf, None)
    return Redirect(with_query(settings().consent_url, {"consent_challenge": challenge}), set_cookies)


async def _after_consent(
    realm: Realm, request: AuthorizeRequest, verifier: str, cookies: dict[str, str], base_url: str
) -> Redirect:
    consent = await _verified("consent", verifier, cookies.get(CONSENT_CSRF), request)
    outcome = consent.outcome
    scope = [str(s) for s in outcome.get("grant_scope") or []]
    audience = [str(a) for a in outcome.get("grant_access_token_audience") or []]
    claims = outcome.get("session") or {}
    values: dict[str, str] = {}
    async with in_transaction():
        grant_session = await Session.create(
            realm_id=realm.id, user_id=consent.user_id, client_id=request.client.id
        )
        consent.grant_session_id = grant_session.id
        consent.granted = not consent.skip
        update = ["grant_session_id", "granted"]
        if consent.user_id and not consent.skip:
            await _user_consent(consent.user_id, request.client.id, scope)
        code = None
        if "code" in request.response_type.split():
            code = "ory_ac_" + new_secret()[0]
            consent.code_hash = digest(code)
            consent.code_expires_at = now_ms() + CODE_LIFESPAN_MS
            update += ["code_hash", "code_expires_at"]
            values["code"] = code
        await consent.save(update_fields=update)
        wants_access = "token" in request.response_type.split()
        wants_id = "id_token" in request.response_type.split()
        if wants_access or wants_id:
            minted = await tokens.mint(
                grant_of(realm, request.client, consent, scope, audience, claims, grant_session.id),
                issuer(base_url),
                access=wants_access,
                id_token=wants_id,
                code=code,
            )
            if minted.access_token:
                values |= {
                    "access_token": minted.access_token,
                    "expires_in": str(minted.expires_in),
                    "token_type": "bearer",
                }
            if minted.id_token:
                values["id_token"] = minted.id_token
    values |= {"scope": " ".join(scope), "state": request.state}
    location = with_query(request.redirect_uri, values, request.fragment)
    return Redirect(location, {CONSENT_CSRF: None})


def grant_of(
    realm: Realm,
    client: Client,
    consent: AuthRequest,
    scope: list[str],
    audience: list[str],
    claims: dict[str, object],
    session_id: str | None,
) -> tokens.Grant:
    access_ext = claims.get("access_token")
    id_extra = claims.get("id_token")
    return tokens.Grant(
        realm=realm,
        client=client,
        subject=str(consent.subject),
        user_id=consent.user_id,
        session_id=session_id,
        scope=scope,
        audience=audience,
        access_ext=access_ext if isinstance(access_ext, dict) else {},
        id_extra=id_extra if isinstance(id_extra, dict) else {},
        auth_time=(consent.authenticated_at or now_ms()) // 1000,
        requested_at=consent.requested_at // 1000,
        nonce=consent.params.get("nonce") or None,
        acr=str(consent.context.get("acr") or ""),
        amr=[str(a) for a in consent.context.get("amr") or []],
        sid=str(consent.context.get("sid") or "") or None,
    )


async def _user_consent(user_id: str, client_pk: str, scope: list[str]) -> None:
    """A realm user's consent is its ``UserConsent``: what Keycloak's consents list shows."""
    row = await UserConsent.get_or_none(user_id=user_id, client_id=client_pk)
    if row is None:
        await UserConsent.create(user_id=user_id, client_id=client_pk, granted_scopes=scope)
        return
    row.granted_scopes = list(dict.fromkeys([*row.granted_scopes, *scope]))
    row.last_updated_date = now_ms()
    await row.save(update_fields=["granted_scopes", "last_updated_date"])
