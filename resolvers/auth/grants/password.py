"""The resource owner password grant (``grant_type=password``), with Keycloak's brute-force guard."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from core.errors import OAuthError
from core.passwords import DUMMY_HASH, verify_password
from models import Credential, Realm, Session, User
from resolvers.auth.client_auth import ClientAuth, authenticate_client, token_realm
from resolvers.auth.issue import Issued, granted_scope, issue
from resolvers.events.records import record_login_event
from resolvers.login import otp
from resolvers.login.plan import plan_of
from resolvers.realms.defaults import setting
from resolvers.users import brute_force
from resolvers.users.stored_credentials import rehash_if_needed

BAD_USER = "Invalid user credentials"
NOT_SET_UP = "Account is not fully set up"


async def password_grant(
    realm_name: str,
    auth: ClientAuth,
    username: str | None,
    password: str | None,
    scope: str | None,
    base_url: str,
    ip: str | None,
    totp: str | None = None,
) -> Issued:
    realm = await token_realm(realm_name)
    client = await authenticate_client(realm, auth)
    if not client.direct_access_grants_enabled:
        raise OAuthError("unauthorized_client", "Client not allowed for direct access grants")
    if not username or password is None:
        raise OAuthError(
            "invalid_request",
            "Missing parameter: username" if not username else "Missing parameter: password",
        )
    user = await user_for_login(realm, username)

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
            if not await brute_force.record_failure(realm, user, ip):
                # Locked out by a concurrent failure since the check above: refused as that check refuses.
                await refuse("user_temporarily_disabled")
                raise OAuthError("invalid_grant", BAD_USER)
        await refuse("invalid_user_credentials", {"username": username, "grant_type": "password"})
        raise OAuthError("invalid_grant", BAD_USER, unauthorized=True)
    await rehash_if_needed(credential, password)  # an imported hash becomes argon2id on its first use
    if guarded and user.enabled:
        # Decided again now that the password is known to be right: a lockout set meanwhile still holds.
        admission = await brute_force.admit(user.id)
        if admission is brute_force.Admission.LOCKED_OUT:
            await refuse("user_temporarily_disabled")
            raise OAuthError("invalid_grant", BAD_USER)
        user.enabled = admission is brute_force.Admission.ADMITTED
    if not user.enabled:
        await refuse("user_disabled")
        raise OAuthError("invalid_grant", "Account disabled")
    plan = await plan_of(realm, client, "direct_grant")
    if plan.otp != "never" and (plan.otp == "always" or await otp.has_otp(user)):
        # The direct grant flow's OTP step: the code comes as the ``totp`` parameter.
        if not await otp.verify(realm, user, totp):
            await refuse("invalid_user_credentials", {"username": username, "grant_type": "password"})
            if plan.otp == "always" and not await otp.has_otp(user):
                raise OAuthError("invalid_grant", NOT_SET_UP)
            raise OAuthError("invalid_grant", BAD_USER, unauthorized=True)  # 401, as Keycloak's ValidateOTP
    if user.required_actions:
        await refuse("resolve_required_actions")
        raise OAuthError("invalid_grant", NOT_SET_UP)
    async with in_transaction():
        session = await Session.create(realm_id=realm.id, user_id=user.id, client_id=client.id, ip_address=ip)
        issued = await issue(realm, client, user, session, granted_scope(scope), base_url, with_refresh=True)
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


async def user_for_login(realm: Realm, username: str) -> User | None:
    """The user a login names, by username or (when the realm allows it) e-mail; never a service account."""
    user = await User.get_or_none(realm_id=realm.id, username=username.lower())
    if user is None and "@" in username and setting(realm.config, "loginWithEmailAllowed"):
        user = await User.filter(realm_id=realm.id, email=username.lower()).first()
    if user is not None and user.service_account_client_id is not None:
        return None
    return user
