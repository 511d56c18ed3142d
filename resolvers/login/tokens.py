"""The Keycloak door's token endpoint for what a browser login bought: the ``authorization_code`` grant
and the refresh of those tokens, both the authorization engine's (``grants.exchange_code``,
``grants.rotate_refresh``) with this realm and its issuer."""

from __future__ import annotations

from core import jwt
from core.errors import OAuthError, Unauthenticated
from models import AuthRequest, Token
from resolvers.auth.client_auth import ClientAuth, authenticate_client, token_realm
from resolvers.auth.issue import issuer
from resolvers.oauth2 import grants
from resolvers.oauth2.tokens import Minted


async def code_grant(realm_name: str, auth: ClientAuth, form: dict[str, str], base_url: str) -> Minted:
    realm = await token_realm(realm_name)
    client = await authenticate_client(realm, auth)
    if not client.standard_flow_enabled:
        raise OAuthError("unauthorized_client", "Client not allowed to exchange code")
    return await grants.exchange_code(realm, client, form, issuer(base_url, realm.name), always_refresh=True)


async def from_browser_login(refresh_token: str | None) -> bool:
    """Whether a refresh token was minted for a browser login's code (else it is a direct grant's)."""
    if not refresh_token:
        return False
    try:
        jti = jwt.unverified_claims(refresh_token).get("jti")
    except Unauthenticated:
        return False
    record = await Token.get_or_none(id=str(jti or ""), kind="refresh")
    if record is None or record.session_id is None:
        return False
    consent = await AuthRequest.get_or_none(grant_session_id=record.session_id, kind="consent")
    return consent is not None and consent.context.get("door") == "keycloak"


async def refresh(realm_name: str, auth: ClientAuth, form: dict[str, str], base_url: str) -> Minted:
    realm = await token_realm(realm_name)
    client = await authenticate_client(realm, auth)
    return await grants.rotate_refresh(
        realm, client, form.get("refresh_token"), form.get("scope"), issuer(base_url, realm.name)
    )
