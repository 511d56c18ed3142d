"""Issuing OAuth2 tokens as Keycloak does: access, refresh and ID tokens signed with the realm's active key,
each with its record (``models.Token``) so that revoking a session or a user revokes them at once."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from core.errors import OAuthError
from models import Client, Realm, Session, Token, User
from resolvers.auth import keys
from resolvers.realms.defaults import setting
from resolvers.roles.effective import effective_roles, split_roles

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


def granted_scope(requested: str | None) -> str:
    """The known scopes asked for; profile and email are always granted, as Keycloak's defaults."""
    asked = [s for s in (requested or "").split() if s in KNOWN_SCOPES]
    granted = ["openid"] if "openid" in asked else []
    granted += ["profile", "email"] + [s for s in asked if s not in ("openid", "profile", "email")]
    return " ".join(dict.fromkeys(granted))


@dataclass(frozen=True)
class _Grant:
    """What every token of one response shares."""

    realm: Realm
    client: Client
    user: User
    session: Session
    scope: str
    iss: str
    now: int

    def session_claims(self, token_id: str, typ: str, life: int, aud: str | list[str]) -> dict[str, Any]:
        """The claims every token of a session starts with, in Keycloak's order."""
        return {
            "exp": self.now + life,
            "iat": self.now,
            "jti": token_id,
            "iss": self.iss,
            "aud": aud,
            "sub": self.user.id,
            "typ": typ,
            "azp": self.client.client_id,
            "sid": self.session.id,
            "session_state": self.session.id,
        }

    def record(self, token_id: str, kind: str, life: int) -> Token:
        return Token(
            id=token_id,
            realm_id=self.realm.id,
            kind=kind,
            session_id=self.session.id,
            user_id=self.user.id,
            client_id=self.client.id,
            issued_at=self.now * 1000,
            expires_at=(self.now + life) * 1000,
            scope=self.scope,
        )


async def issue(
    realm: Realm, client: Client, user: User, session: Session, scope: str, base_url: str, with_refresh: bool
) -> Issued:
    """Sign the tokens of one grant and store their records; call inside the grant's transaction."""
    signing = await keys.active_signing_key(realm.id)
    if signing is None:
        raise OAuthError("server_error", "The realm has no active signing key")
    roles = (await effective_roles([user.id]))[user.id]
    realm_roles, client_roles = split_roles(roles)
    lifespan = int(setting(realm.config, "accessTokenLifespan"))
    refresh_lifespan = int(setting(realm.config, "ssoSessionIdleTimeout"))
    grant = _Grant(realm, client, user, session, scope, issuer(base_url, realm.name), int(time.time()))
    access_id = str(uuid.uuid4())
    audience = sorted(c for c in client_roles if c != client.client_id) or ["account"]
    profile = profile_claims(user)
    access_claims: dict[str, Any] = {
        **grant.session_claims(
            access_id, "Bearer", lifespan, audience[0] if len(audience) == 1 else audience
        ),
        "acr": "1",
        "realm_access": {"roles": sorted(realm_roles)},
        "resource_access": {c: {"roles": sorted(r)} for c, r in sorted(client_roles.items())},
        "scope": scope,
        **profile,
    }
    if user.service_account_client_id:
        access_claims["client_id"] = client.client_id
    rows = [grant.record(access_id, "access", lifespan)]
    refresh_token = None
    if with_refresh:
        refresh_id = str(uuid.uuid4())
        refresh_claims = {
            **grant.session_claims(refresh_id, "Refresh", refresh_lifespan, grant.iss),
            "scope": scope,
        }
        refresh_token = signing.sign(refresh_claims)
        rows.append(grant.record(refresh_id, "refresh", refresh_lifespan))
    id_token = None
    if "openid" in scope.split():
        id_claims = {
            **grant.session_claims(str(uuid.uuid4()), "ID", lifespan, client.client_id),
            "acr": "1",
            **profile,
        }
        id_token = signing.sign(id_claims)
    access_token = signing.sign(access_claims)
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
