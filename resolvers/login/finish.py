"""The end of a browser login: the SSO session (the identity cookie's ``LoginSession``), the user's
session for the client, and the authorization code, issued as a handled consent of the authorization
engine so that ``grants.exchange_code`` and ``grants.rotate_refresh`` serve the Keycloak door as well."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import AuthRequest, Client, LoginSession, Realm, Session, User
from models.base import now_ms
from resolvers.auth import claims as mapping
from resolvers.auth.issue import issuer
from resolvers.events.records import record_login_event
from resolvers.login.outcomes import CSRF_COOKIE, IDENTITY_COOKIE, Cookies, Redirect
from resolvers.oauth2.common import CODE_LIFESPAN_MS, digest, expired, new_secret
from resolvers.oauth2.requests import with_query


async def sso_session(realm: Realm, cookie: str | None) -> LoginSession | None:
    """The live SSO session the identity cookie names, with a user still enabled."""
    if not cookie:
        return None
    found = await LoginSession.get_or_none(id=digest(cookie), realm_id=realm.id)
    if found is None or expired(found.expires_at) or found.user_id is None:
        return None
    if not await User.filter(id=found.user_id, enabled=True).exists():
        return None
    return found


async def issue_code(
    realm: Realm,
    client: Client,
    params: dict[str, str],
    user: User,
    sso: LoginSession | None,
    base_url: str,
    ip: str | None,
    amr: list[str],
) -> Redirect:
    cookies: Cookies = {CSRF_COOKIE: None}
    code = new_secret()[0] + "." + new_secret()[0]
    # The ID token's claims as the client's scopes and mappers write them (Keycloak's profile, email...),
    # fixed at login as a consent's session claims are.
    granted = await mapping.granted_scopes(client, params.get("scope"), strict=False)
    notes = mapping.session_notes(client, user, ip)
    id_claims = mapping.mapped_claims(
        granted, await mapping.claim_context(client, user, granted, notes), "id"
    )
    async with in_transaction():
        if sso is None:
            cookie, cookie_hash = new_secret()
            sso = await LoginSession.create(
                id=cookie_hash, realm_id=realm.id, subject=user.id, user_id=user.id, remember=True, amr=amr
            )
            cookies[IDENTITY_COOKIE] = (cookie, None)
        session = await Session.create(realm_id=realm.id, user_id=user.id, client_id=client.id, ip_address=ip)
        scope = list(dict.fromkeys(["openid", *params.get("scope", "").split()]))
        await AuthRequest.create(
            kind="consent",
            challenge_hash=digest(new_secret()[0]),
            realm_id=realm.id,
            client_id=client.id,
            flow_id=session.id,
            subject=user.id,
            user_id=user.id,
            login_session_id=sso.id,
            skip=True,
            request_url="",
            params=params,
            requested_scope=scope,
            context={"acr": "1", "amr": sso.amr or amr, "sid": sso.sid, "door": "keycloak"},
            csrf_hash="",
            expires_at=now_ms() + CODE_LIFESPAN_MS,
            handled_at=now_ms(),
            verifier_used=True,
            outcome={
                "grant_scope": scope,
                "grant_access_token_audience": [],
                "session": {"id_token": id_claims},
            },
            authenticated_at=sso.authenticated_at,
            code_hash=digest(code),
            code_expires_at=now_ms() + CODE_LIFESPAN_MS,
            grant_session_id=session.id,
        )
        await record_login_event(
            realm,
            "LOGIN",
            client_id=client.client_id,
            user_id=user.id,
            session_id=session.id,
            ip_address=ip,
            details={"username": user.username, "auth_method": "openid-connect"},
        )
    values = {"code": code, "session_state": sso.sid, "iss": issuer(base_url, realm.name)}
    if params.get("state"):
        values = {"state": params["state"]} | values
    return Redirect(with_query(params["redirect_uri"], values), cookies)


def refused(params: dict[str, str], error: str, description: str) -> Redirect:
    """A failure told to the relying party at its (verified) redirect URI, with the request's state."""
    values = {"error": error} | ({"error_description": description} if description else {})
    if params.get("state"):
        values["state"] = params["state"]
    return Redirect(with_query(params["redirect_uri"], values), {CSRF_COOKIE: None})
