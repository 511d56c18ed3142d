"""The token service: OAuth2 grants, bearer authentication, introspection, userinfo and logout.

Every issued token has a row (``models.Token``); revoking a session or a user revokes its rows, so a
revoked token stops working at once in every instance. Verified signatures are cached in process.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from core import jwt
from core.errors import NotFound, OAuthError, Unauthenticated
from core.passwords import DUMMY_HASH, verify_password
from models import Client, Credential, Realm, Session, Token, User, raw
from models.base import now_ms
from resolvers.auth import keys
from resolvers.clients.crud import secret_matches
from resolvers.events.records import record_login_event
from resolvers.kit.actor import Actor
from resolvers.realms.defaults import setting
from resolvers.roles.effective import effective_roles, split_roles
from resolvers.users import brute_force

BAD_CLIENT = "Invalid client or Invalid client credentials"
BAD_USER = "Invalid user credentials"
KNOWN_SCOPES = (
    "openid",
    "profile",
    "email",
    "roles",
    "web-origins",
    "acr",
    "basic",
    "address",
    "phone",
    "offline_access",
    "microprofile-jwt",
)


@dataclass(frozen=True)
class ClientAuth:
    client_id: str | None
    secret: str | None


@dataclass(frozen=True)
class Issued:
    """A token response, in OAuth2's field names."""

    access_token: str
    expires_in: int
    refresh_token: str | None
    refresh_expires_in: int
    id_token: str | None
    scope: str
    session_state: str | None

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "access_token": self.access_token,
            "expires_in": self.expires_in,
            "refresh_expires_in": self.refresh_expires_in,
        }
        if self.refresh_token:
            body["refresh_token"] = self.refresh_token
        body["token_type"] = "Bearer"
        if self.id_token:
            body["id_token"] = self.id_token
        body["not-before-policy"] = 0
        if self.session_state:
            body["session_state"] = self.session_state
        body["scope"] = self.scope
        return body


def profile_claims(user: User) -> dict[str, Any]:
    """The OpenID Connect profile and e-mail claims of a user, as tokens and userinfo carry them."""
    claims: dict[str, Any] = {"email_verified": user.email_verified, "preferred_username": user.username}
    name = " ".join(p for p in (user.first_name, user.last_name) if p)
    if name:
        claims["name"] = name
    if user.first_name:
        claims["given_name"] = user.first_name
    if user.last_name:
        claims["family_name"] = user.last_name
    if user.email:
        claims["email"] = user.email
    return claims


def issuer(base_url: str, realm_name: str) -> str:
    return f"{base_url}/realms/{realm_name}"


def _realm_of_issuer(iss: Any) -> str:
    if not isinstance(iss, str) or "/realms/" not in iss:
        raise Unauthenticated("Token has no valid issuer")
    return iss.rsplit("/realms/", 1)[1]


async def _realm(name: str) -> Realm:
    realm = await raw.one(Realm, "SELECT * FROM realm WHERE name = ?", name)
    if realm is None:
        raise NotFound("Realm does not exist")
    if not realm.enabled:
        raise OAuthError("invalid_request", "Realm not enabled")
    return realm


async def _client(realm: Realm, auth: ClientAuth) -> Client:
    if not auth.client_id:
        raise OAuthError("invalid_client", "Missing parameter: client_id", unauthorized=True)
    client = await raw.one(
        Client, "SELECT * FROM client WHERE realm_id = ? AND client_id = ?", realm.id, auth.client_id
    )
    if client is None or not client.enabled:
        raise OAuthError("invalid_client", BAD_CLIENT, unauthorized=True)
    if client.bearer_only:
        raise OAuthError("unauthorized_client", "Bearer-only not allowed", unauthorized=True)
    if not client.public_client and not secret_matches(client, auth.secret):
        raise OAuthError("unauthorized_client", BAD_CLIENT, unauthorized=True)
    return client


def _scope(requested: str | None) -> str:
    asked = [s for s in (requested or "").split() if s in KNOWN_SCOPES]
    granted = ["openid"] if "openid" in asked else []
    granted += ["profile", "email"] + [s for s in asked if s not in ("openid", "profile", "email")]
    return " ".join(dict.fromkeys(granted))


async def _issue(
    realm: Realm, client: Client, user: User, session: Session, scope: str, base_url: str, with_refresh: bool
) -> Issued:
    roles = (await effective_roles([user.id]))[user.id]
    realm_roles, client_roles = split_roles(roles)
    key_set = await keys.realm_keys(realm.id)
    kid = key_set.active_kid
    if kid is None:
        raise OAuthError("server_error", "The realm has no active signing key")
    alg = key_set.algorithms[kid]
    signing_key = key_set.private[kid]
    now = int(time.time())
    lifespan = int(setting(realm.config, "accessTokenLifespan"))
    refresh_lifespan = int(setting(realm.config, "ssoSessionIdleTimeout"))
    iss = issuer(base_url, realm.name)
    access_id = str(uuid.uuid4())
    audience = sorted(c for c in client_roles if c != client.client_id) or ["account"]
    profile = profile_claims(user)
    access_claims: dict[str, Any] = {
        "exp": now + lifespan,
        "iat": now,
        "jti": access_id,
        "iss": iss,
        "aud": audience[0] if len(audience) == 1 else audience,
        "sub": user.id,
        "typ": "Bearer",
        "azp": client.client_id,
        "sid": session.id,
        "session_state": session.id,
        "acr": "1",
        "realm_access": {"roles": sorted(realm_roles)},
        "resource_access": {c: {"roles": sorted(r)} for c, r in sorted(client_roles.items())},
        "scope": scope,
        **profile,
    }
    if user.service_account_client_id:
        access_claims["client_id"] = client.client_id

    def record(token_id: str, kind: str, life: int) -> Token:
        return Token(
            id=token_id,
            realm_id=realm.id,
            kind=kind,
            session_id=session.id,
            user_id=user.id,
            client_id=client.id,
            issued_at=now * 1000,
            expires_at=(now + life) * 1000,
            scope=scope,
        )

    rows = [record(access_id, "access", lifespan)]
    refresh_token = None
    if with_refresh:
        refresh_id = str(uuid.uuid4())
        refresh_claims = {
            "exp": now + refresh_lifespan,
            "iat": now,
            "jti": refresh_id,
            "iss": iss,
            "aud": iss,
            "sub": user.id,
            "typ": "Refresh",
            "azp": client.client_id,
            "sid": session.id,
            "session_state": session.id,
            "scope": scope,
        }
        refresh_token = jwt.sign(refresh_claims, signing_key, alg, kid)
        rows.append(record(refresh_id, "refresh", refresh_lifespan))
    id_token = None
    if "openid" in scope.split():
        id_claims = {
            "exp": now + lifespan,
            "iat": now,
            "jti": str(uuid.uuid4()),
            "iss": iss,
            "aud": client.client_id,
            "sub": user.id,
            "typ": "ID",
            "azp": client.client_id,
            "sid": session.id,
            "session_state": session.id,
            "acr": "1",
            **profile,
        }
        id_token = jwt.sign(id_claims, signing_key, alg, kid)
    access_token = jwt.sign(access_claims, signing_key, alg, kid)
    await Token.bulk_create(rows)
    return Issued(
        access_token=access_token,
        expires_in=lifespan,
        refresh_token=refresh_token,
        refresh_expires_in=refresh_lifespan if with_refresh else 0,
        id_token=id_token,
        scope=scope,
        session_state=session.id,
    )


async def password_grant(
    realm_name: str,
    auth: ClientAuth,
    username: str | None,
    password: str | None,
    scope: str | None,
    base_url: str,
    ip: str | None,
) -> Issued:
    realm = await _realm(realm_name)
    client = await _client(realm, auth)
    if not client.direct_access_grants_enabled:
        raise OAuthError("unauthorized_client", "Client not allowed for direct access grants")
    if not username or password is None:
        raise OAuthError(
            "invalid_request",
            "Missing parameter: username" if not username else "Missing parameter: password",
        )
    user = await _user_for_login(realm, username)

    async def refuse(error: str, details: dict[str, Any] | None = None) -> None:
        await record_login_event(
            realm,
            "LOGIN_ERROR",
            client_id=client.client_id,
            user_id=user.id if user else None,
            ip_address=ip,
            error=error,
            details=details,
        )

    guarded = user is not None and brute_force.protected(realm)
    if guarded and user is not None and user.enabled and await brute_force.locked_out(user.id):
        # A locked-out user is refused before the password is even checked, as Keycloak's direct grant does.
        await refuse("user_temporarily_disabled")
        raise OAuthError("invalid_grant", BAD_USER)
    credential = await Credential.filter(user_id=user.id, type="password").first() if user else None
    ok = await verify_password(credential.secret_data if credential else DUMMY_HASH, password)
    if user is None or credential is None or not ok:
        if guarded and user is not None and user.enabled:
            await brute_force.record_failure(realm, user, ip)
        await refuse("invalid_user_credentials", {"username": username, "grant_type": "password"})
        raise OAuthError("invalid_grant", BAD_USER, unauthorized=True)
    if guarded:
        await brute_force.record_success(user.id)
    if not user.enabled:
        await refuse("user_disabled")
        raise OAuthError("invalid_grant", "Account disabled")
    if user.required_actions:
        await refuse("resolve_required_actions")
        raise OAuthError("invalid_grant", "Account is not fully set up")
    async with in_transaction():
        session = await Session.create(realm_id=realm.id, user_id=user.id, client_id=client.id, ip_address=ip)
        issued = await _issue(realm, client, user, session, _scope(scope), base_url, with_refresh=True)
        await record_login_event(
            realm,
            "LOGIN",
            client_id=client.client_id,
            user_id=user.id,
            session_id=session.id,
            ip_address=ip,
            details={"username": user.username, "grant_type": "password"},
        )
    return issued


async def _user_for_login(realm: Realm, username: str) -> User | None:
    user = await User.get_or_none(realm_id=realm.id, username=username.lower())
    if user is None and "@" in username and setting(realm.config, "loginWithEmailAllowed"):
        user = await User.filter(realm_id=realm.id, email=username.lower()).first()
    if user is not None and user.service_account_client_id is not None:
        return None
    return user


async def client_credentials_grant(
    realm_name: str, auth: ClientAuth, scope: str | None, base_url: str, ip: str | None
) -> Issued:
    realm = await _realm(realm_name)
    client = await _client(realm, auth)
    if client.public_client:
        raise OAuthError(
            "unauthorized_client", "Public client not allowed to retrieve service account", unauthorized=True
        )
    if not client.service_accounts_enabled:
        raise OAuthError(
            "unauthorized_client", "Client not enabled to retrieve service account", unauthorized=True
        )
    user = await User.get_or_none(service_account_client_id=client.id)
    if user is None or not user.enabled:
        raise OAuthError("invalid_request", "User not found or disabled")
    # Keycloak issues no refresh token for this grant unless the client asks for one.
    with_refresh = (
        str(client.attributes.get("client_credentials.use_refresh_token", "false")).lower() == "true"
    )
    async with in_transaction():
        session = await Session.create(realm_id=realm.id, user_id=user.id, client_id=client.id, ip_address=ip)
        issued = await _issue(
            realm, client, user, session, _scope(scope), base_url, with_refresh=with_refresh
        )
        await record_login_event(
            realm,
            "CLIENT_LOGIN",
            client_id=client.client_id,
            user_id=user.id,
            session_id=session.id,
            ip_address=ip,
            details={"grant_type": "client_credentials"},
        )
    return issued


async def _verified_claims(realm: Realm, token: str) -> dict[str, Any]:
    header = jwt.unverified_header(token)
    key_set = await keys.realm_keys(realm.id)
    kid = header.get("kid")
    if not isinstance(kid, str) or kid not in key_set.public:
        raise Unauthenticated("Token signed by an unknown key")
    if header.get("alg") != key_set.algorithms[kid]:
        raise Unauthenticated("Token algorithm does not match its key")
    return jwt.verify(token, key_set.public[kid], key_set.algorithms[kid])


async def refresh_grant(
    realm_name: str,
    auth: ClientAuth,
    refresh_token: str | None,
    scope: str | None,
    base_url: str,
    ip: str | None,
) -> Issued:
    realm = await _realm(realm_name)
    client = await _client(realm, auth)
    if not refresh_token:
        raise OAuthError("invalid_request", "Missing parameter: refresh_token")
    try:
        claims = await _verified_claims(realm, refresh_token)
    except Unauthenticated as exc:
        raise OAuthError("invalid_grant", "Invalid refresh token") from exc
    if claims.get("typ") != "Refresh" or _realm_of_issuer(claims.get("iss")) != realm.name:
        raise OAuthError("invalid_grant", "Invalid refresh token")
    if claims.get("azp") != client.client_id:
        raise OAuthError(
            "invalid_grant", "Invalid refresh token. Token client and authorized client don't match"
        )
    if int(claims.get("exp", 0)) <= time.time():
        raise OAuthError("invalid_grant", "Token is not active")
    record = await Token.get_or_none(id=str(claims.get("jti")))
    if record is None or record.revoked or record.session_id is None:
        raise OAuthError("invalid_grant", "Session not active")
    session = await Session.get_or_none(id=record.session_id)
    user = await User.get_or_none(id=record.user_id) if record.user_id else None
    if session is None or user is None:
        raise OAuthError("invalid_grant", "Session not active")
    if not user.enabled:
        raise OAuthError("invalid_grant", "User disabled")
    async with in_transaction():
        if setting(realm.config, "revokeRefreshToken"):
            await Token.filter(id=record.id).update(revoked=True)
        session.last_access = now_ms()
        await session.save(update_fields=["last_access"])
        issued = await _issue(
            realm, client, user, session, _scope(scope or record.scope), base_url, with_refresh=True
        )
        await record_login_event(
            realm,
            "REFRESH_TOKEN",
            client_id=client.client_id,
            user_id=user.id,
            session_id=session.id,
            ip_address=ip,
        )
    return issued


async def logout(realm_name: str, auth: ClientAuth, refresh_token: str | None, ip: str | None) -> None:
    """End the session of a refresh token: the session and every token issued in it are revoked."""
    realm = await _realm(realm_name)
    client = await _client(realm, auth)
    if not refresh_token:
        raise OAuthError("invalid_request", "No refresh token")
    try:
        claims = await _verified_claims(realm, refresh_token)
    except Unauthenticated as exc:
        raise OAuthError("invalid_grant", "Invalid refresh token") from exc
    if claims.get("typ") not in ("Refresh", "Offline") or claims.get("azp") != client.client_id:
        raise OAuthError("invalid_grant", "Invalid refresh token")
    session_id = claims.get("sid")
    async with in_transaction():
        await Token.filter(session_id=session_id).update(revoked=True)
        deleted = await Session.filter(id=session_id, realm_id=realm.id).delete()
        if deleted:
            await record_login_event(
                realm,
                "LOGOUT",
                client_id=client.client_id,
                user_id=claims.get("sub"),
                session_id=session_id,
                ip_address=ip,
            )
    if not deleted:
        raise OAuthError("invalid_grant", "Session not active")


# --- bearer authentication -------------------------------------------------------------------------

_VERIFIED = jwt.VerifiedCache()


async def authenticate(token: str, ip: str | None = None) -> Actor:
    """The actor of a Bearer access token, or ``Unauthenticated``. Signatures are verified once per token
    and cached until expiry; the revocation record is read on every call."""
    actor = _VERIFIED.get(token)
    if actor is None:
        actor, exp = await _verify_access_token(token)
        _VERIFIED.put(token, actor, exp)
    if actor.token_id is None or not await raw.token_is_live(actor.token_id):
        _VERIFIED.drop(token)
        raise Unauthenticated("Token is not active")
    if ip is not None and actor.ip_address != ip:
        actor = dataclasses.replace(actor, ip_address=ip)
    return actor


async def _verify_access_token(token: str) -> tuple[Actor, float]:
    claims = jwt.unverified_claims(token)
    realm_name = _realm_of_issuer(claims.get("iss"))
    rows = await Realm.filter(name=realm_name).values_list("id", flat=True)
    if not rows:
        raise Unauthenticated("Token of an unknown realm")
    realm = Realm(id=rows[0], name=realm_name)
    claims = await _verified_claims(realm, token)
    if claims.get("typ") != "Bearer":
        raise Unauthenticated("Not an access token")
    exp = float(claims.get("exp", 0))
    if exp <= time.time():
        raise Unauthenticated("Token has expired")
    return _actor_from_claims(realm.id, realm_name, claims), exp


def _actor_from_claims(realm_id: str, realm_name: str, claims: dict[str, Any]) -> Actor:
    realm_roles = frozenset((claims.get("realm_access") or {}).get("roles") or ())
    client_roles = {
        c: frozenset(v.get("roles") or ()) for c, v in (claims.get("resource_access") or {}).items()
    }
    return Actor(
        realm_id=realm_id,
        realm_name=realm_name,
        user_id=claims.get("sub"),
        username=claims.get("preferred_username"),
        client_id=claims.get("azp"),
        session_id=claims.get("sid"),
        token_id=claims.get("jti"),
        realm_roles=realm_roles,
        client_roles=client_roles,
    )


async def userinfo(realm_name: str, token: str) -> dict[str, Any]:
    actor = await authenticate(token)
    if actor.realm_name != realm_name:
        raise Unauthenticated("Token of another realm")
    user = await User.get_or_none(id=actor.user_id)
    if user is None or not user.enabled:
        raise Unauthenticated("User not found or disabled")
    return {"sub": user.id, **profile_claims(user)}


async def introspect(realm_name: str, auth: ClientAuth, token: str | None) -> dict[str, Any]:
    """RFC 7662: the token's claims with ``active: true``, or only ``active: false``."""
    realm = await _realm(realm_name)
    client = await _client(realm, auth)
    if client.public_client:
        raise OAuthError("invalid_request", "Client not allowed.", unauthorized=True)
    if not token:
        return {"active": False}
    try:
        claims = await _verified_claims(realm, token)
    except Unauthenticated:
        return {"active": False}
    if _realm_of_issuer(claims.get("iss")) != realm.name or float(claims.get("exp", 0)) <= time.time():
        return {"active": False}
    record = await Token.get_or_none(id=str(claims.get("jti")))
    if record is None or record.revoked:
        return {"active": False}
    user = await User.get_or_none(id=record.user_id) if record.user_id else None
    if user is not None and not user.enabled:
        return {"active": False}
    body = dict(claims)
    body.update(
        {
            "client_id": claims.get("azp"),
            "username": claims.get("preferred_username"),
            "token_type": claims.get("typ"),
            "active": True,
        }
    )
    return body
