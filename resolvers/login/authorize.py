"""``GET /realms/{realm}/protocol/openid-connect/auth``: the request checked as Keycloak's
``AuthorizationEndpoint`` checks it (client and redirect URI first, answered with an error page; every
later failure to the redirect URI), then the SSO cookie when the flow has one, else the login form."""

from __future__ import annotations

from typing import Any

from models import AuthRequest, Client, Realm, User, raw
from models.base import now_ms
from resolvers.login import consent, finish, pages
from resolvers.login.outcomes import CSRF_COOKIE, IDENTITY_COOKIE, Outcome, Redirect, error_page
from resolvers.login.plan import plan_of
from resolvers.login.redirects import verified
from resolvers.oauth2.common import CHALLENGE_LIFESPAN_MS, new_secret
from resolvers.oauth2.requests import with_query

# The request parameters a login carries to its end.
KEPT = (
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "login_hint",
    "max_age",
    "prompt",
    "ui_locales",
)
PKCE_METHODS = ("S256", "plain")


class _Refused(Exception):
    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


async def login_realm(name: str) -> Realm | None:
    realm = await raw.one(Realm, "SELECT * FROM realm WHERE name = ?", name)
    return realm if realm is not None and realm.enabled else None


async def authorize(
    realm_name: str, query: dict[str, str], cookies: dict[str, str], base_url: str, ip: str | None
) -> Outcome:
    realm = await login_realm(realm_name)
    if realm is None:
        return error_page("Realm does not exist", 404)
    client_id = query.get("client_id")
    if not client_id:
        return error_page("Missing parameter: client_id")
    client = await raw.one(
        Client, "SELECT * FROM client WHERE realm_id = ? AND client_id = ?", realm.id, client_id
    )
    if client is None:
        return error_page("Client not found.")
    if not client.enabled:
        return error_page("Client disabled.")
    if client.bearer_only:
        return error_page("Bearer-only applications are not allowed to initiate browser login.")
    redirect_uri = verified(client, query.get("redirect_uri"))
    if redirect_uri is None:
        return error_page("Invalid parameter: redirect_uri")
    params = {k: query[k] for k in KEPT if query.get(k)} | {"redirect_uri": redirect_uri}
    try:
        _check(client, params)
        return await _login(realm, client, params, cookies, base_url, ip)
    except _Refused as refused:
        values = {"error": refused.error, "error_description": refused.description}
        if params.get("state"):
            values["state"] = params["state"]
        return Redirect(with_query(redirect_uri, values))


def _check(client: Client, params: dict[str, str]) -> None:
    response_type = params.get("response_type")
    if not response_type:
        raise _Refused("invalid_request", "Missing parameter: response_type")
    if response_type != "code":
        raise _Refused(
            "unsupported_response_type",
            "Client is not allowed to initiate browser login with given response_type.",
        )
    if not client.standard_flow_enabled:
        raise _Refused(
            "unauthorized_client",
            "Client is not allowed to initiate browser login with given response_type. Standard flow is"
            " disabled for the client.",
        )
    challenge = params.get("code_challenge")
    method = params.get("code_challenge_method")
    required = client.attributes.get("pkce.code.challenge.method")
    if method and method not in PKCE_METHODS:
        raise _Refused("invalid_request", "Invalid parameter: code_challenge_method")
    if required in PKCE_METHODS:
        if not challenge:
            raise _Refused("invalid_request", "Missing parameter: code_challenge")
        if (method or "plain") != required:
            raise _Refused(
                "invalid_request", "Invalid parameter: code challenge method is not configured one"
            )
    if challenge:
        params["code_challenge_method"] = method or "plain"
    if "max_age" in params and not params["max_age"].isdigit():
        raise _Refused("invalid_request", "Invalid parameter: max_age")


async def _login(
    realm: Realm,
    client: Client,
    params: dict[str, str],
    cookies: dict[str, str],
    base_url: str,
    ip: str | None,
) -> Outcome:
    plan = await plan_of(realm, client)
    prompt = params.get("prompt", "").split()
    sso = await finish.sso_session(realm, cookies.get(IDENTITY_COOKIE)) if plan.cookie else None
    if sso is not None and "max_age" in params:
        if sso.authenticated_at + int(params["max_age"]) * 1000 <= now_ms():
            sso = None
    user = await User.get(id=sso.user_id) if sso is not None and sso.user_id else None
    if sso is not None and user is not None and "login" not in prompt and not user.required_actions:
        asked = await consent.missing(client, user, params.get("scope"))
        if not asked:
            return await finish.issue_code(realm, client, params, user, sso, base_url, ip, [])
        if "none" in prompt:
            raise _Refused("interaction_required", "")
        context = {"stage": "consent", "sso": sso.id, "amr": sso.amr}
        session_code, csrf = await _pending(realm, client, params, context, user.id)
        page = await pages.page(
            realm, "consent.html", session_code, csrf, None, params.get("ui_locales"), asked=asked
        )
        return pages.with_cookies(page, {CSRF_COOKIE: (csrf, None)})
    if "none" in prompt:
        raise _Refused("login_required", "")
    session_code, csrf = await _pending(realm, client, params, {"stage": "password"}, None)
    hint, locale = params.get("login_hint", ""), params.get("ui_locales")
    page = await pages.login_page(realm, session_code, csrf, hint, None, locale)
    return pages.with_cookies(page, {CSRF_COOKIE: (csrf, None)})


async def _pending(
    realm: Realm, client: Client, params: dict[str, str], context: dict[str, Any], user_id: str | None
) -> tuple[str, str]:
    """A pending login at its first step: the session code its forms post to and its CSRF token (both
    kept only as hashes)."""
    session_code, code_hash = new_secret()
    csrf, csrf_hash = new_secret()
    await AuthRequest.create(
        kind="login",
        challenge_hash=code_hash,
        realm_id=realm.id,
        client_id=client.id,
        flow_id=code_hash,
        subject=user_id,
        user_id=user_id,
        request_url="",
        params=params,
        requested_scope=params.get("scope", "").split(),
        context=context | {"door": "keycloak"},
        csrf_hash=csrf_hash,
        expires_at=now_ms() + CHALLENGE_LIFESPAN_MS,
    )
    return session_code, csrf
