"""The client credentials grant: a confidential client's service account logs in."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from core.errors import OAuthError
from models import Session, User
from resolvers.auth.client_auth import ClientAuth, authenticate_client, token_realm
from resolvers.auth.issue import Issued, granted_scope, issue
from resolvers.events.records import record_login_event


async def client_credentials_grant(
    realm_name: str, auth: ClientAuth, scope: str | None, base_url: str, ip: str | None
) -> Issued:
    realm = await token_realm(realm_name)
    client = await authenticate_client(realm, auth)
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
        issued = await issue(
            realm, client, user, session, granted_scope(scope), base_url, with_refresh=with_refresh
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
