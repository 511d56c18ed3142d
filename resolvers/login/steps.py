"""``POST /realms/{realm}/login-actions/authenticate``: one step of a pending browser login (password,
OTP, then each required action), bound to its browser by the CSRF cookie and the form's token. The step
the login is at lives in the pending request's context; the code is issued when none is left."""

from __future__ import annotations

import hmac
from typing import Any

from core.passwords import DUMMY_HASH, verify_password
from core.runtime import secret_box
from models import AuthRequest, Client, Credential, LoginSession, Realm, User
from models.base import now_ms
from resolvers.auth.grants.password import user_for_login
from resolvers.events.records import record_login_event
from resolvers.login import actions, consent, finish, otp, pages
from resolvers.login.authorize import login_realm
from resolvers.login.outcomes import CSRF_COOKIE, Outcome, Page, error_page
from resolvers.login.plan import plan_of
from resolvers.oauth2.common import digest, expired
from resolvers.users import brute_force
from resolvers.users.stored_credentials import rehash_if_needed

TIMED_OUT = "Your login attempt timed out. Login will start from the beginning."


async def act(
    realm_name: str,
    session_code: str | None,
    form: dict[str, str],
    cookies: dict[str, str],
    base_url: str,
    ip: str | None,
) -> Outcome:
    realm = await login_realm(realm_name)
    if realm is None:
        return error_page("Realm does not exist", 404)
    row = await AuthRequest.get_or_none(
        challenge_hash=digest(session_code or ""), kind="login", realm_id=realm.id
    )
    if row is None or expired(row.expires_at) or row.handled_at is not None or row.client_id is None:
        return error_page(TIMED_OUT)
    given, cookie = form.get("csrf") or "", cookies.get(CSRF_COOKIE) or ""
    if not given or not hmac.compare_digest(given, cookie) or digest(cookie) != row.csrf_hash:
        return error_page("Invalid CSRF token: reload the login page.", 403)
    client = await Client.get(id=row.client_id)
    step = _Step(realm, client, row, str(session_code), given, base_url, ip)
    return await step.run(form)


class _Step:
    def __init__(
        self,
        realm: Realm,
        client: Client,
        row: AuthRequest,
        code: str,
        csrf: str,
        base_url: str,
        ip: str | None,
    ) -> None:
        self.realm, self.client, self.row, self.code, self.csrf = realm, client, row, code, csrf
        self.base_url, self.ip = base_url, ip
        self.context: dict[str, Any] = dict(row.context)

    async def page(self, template: str, error: str | None = None, **values: Any) -> Page:
        locale = self.row.params.get("ui_locales")
        return await pages.page(self.realm, template, self.code, self.csrf, error, locale, **values)

    async def login_page(self, username: str) -> Page:
        locale = self.row.params.get("ui_locales")
        return await pages.login_page(
            self.realm, self.code, self.csrf, username, "invalidUserMessage", locale
        )

    async def save(self, **changes: Any) -> None:
        self.context |= changes
        self.row.context = self.context
        await self.row.save(update_fields=["context", "user_id", "subject"])

    async def run(self, form: dict[str, str]) -> Outcome:
        stage = self.context.get("stage")
        if stage == "password":
            return await self.password(form)
        user = await User.get_or_none(id=self.row.user_id or "", enabled=True)
        if user is None:
            return error_page(pages.messages(self.realm)["invalidUserMessage"])
        if stage == "otp":
            if not await otp.verify(self.realm, user, form.get("otp")):
                await self.refuse(user, "invalid_user_credentials")
                return await self.page("otp.html", "invalidTotpMessage")
            return await self.advance(user, ["pwd", "otp"])
        if stage == "consent":
            return await self.consent(user, form)
        if isinstance(stage, str) and stage.startswith("action:"):
            done = await actions.perform(self.realm, user, stage[7:], form, self.context)
            if isinstance(done, str):  # the action's error message key, shown on its page again
                return await self.action_page(user, stage[7:], done)
            return await self.advance(user, list(self.context.get("amr") or ["pwd"]))
        return error_page(TIMED_OUT)

    async def consent(self, user: User, form: dict[str, str]) -> Outcome:
        amr = list(self.context.get("amr") or ["pwd"])
        if "accept" not in form:
            await AuthRequest.filter(id=self.row.id).update(handled_at=now_ms())
            await self.refuse(user, "rejected_by_user")
            return finish.refused(dict(self.row.params), "access_denied", "")
        asked = await consent.missing(self.client, user, self.row.params.get("scope"))
        await consent.accept(self.client, user, [a.name for a in asked])
        return await self.issue(user, amr)

    async def refuse(self, user: User | None, error: str) -> None:
        await record_login_event(
            self.realm,
            "LOGIN_ERROR",
            client_id=self.client.client_id,
            user_id=user.id if user else None,
            ip_address=self.ip,
            error=error,
        )

    async def password(self, form: dict[str, str]) -> Outcome:
        username = (form.get("username") or "").strip()
        password = form.get("password") or ""
        user = await user_for_login(self.realm, username) if username else None
        guarded = user is not None and user.enabled and brute_force.protected(self.realm)
        if guarded and user is not None and await brute_force.locked_out(user.id):
            await self.refuse(user, "user_temporarily_disabled")
            return await self.login_page(username)
        credential = await Credential.filter(user_id=user.id, type="password").first() if user else None
        ok = await verify_password(credential.secret_data if credential else DUMMY_HASH, password)
        if user is None or credential is None or not ok or not user.enabled:
            if guarded and user is not None and not ok:
                await brute_force.record_failure(self.realm, user, self.ip)
            await self.refuse(user, "invalid_user_credentials" if user is None or not ok else "user_disabled")
            return await self.login_page(username)
        await rehash_if_needed(credential, password)
        if guarded and await brute_force.admit(user.id) is not brute_force.Admission.ADMITTED:
            await self.refuse(user, "user_temporarily_disabled")
            return await self.login_page(username)
        self.row.user_id, self.row.subject = user.id, user.id
        plan = await plan_of(self.realm, self.client)
        if plan.otp != "never" and await otp.has_otp(user):
            await self.save(stage="otp")
            return await self.page("otp.html")
        return await self.advance(user, ["pwd"])

    async def advance(self, user: User, amr: list[str]) -> Outcome:
        """The next required action, or the code when none is left."""
        plan = await plan_of(self.realm, self.client)
        pending = await actions.pending(
            self.realm, user, plan.otp == "always" and not await otp.has_otp(user)
        )
        if pending:
            await self.save(stage=f"action:{pending[0]}", amr=amr)
            return await self.action_page(user, pending[0], None)
        asked = await consent.missing(self.client, user, self.row.params.get("scope"))
        if asked:
            await self.save(stage="consent", amr=amr)
            return await self.page("consent.html", asked=asked)
        return await self.issue(user, amr)

    async def issue(self, user: User, amr: list[str]) -> Outcome:
        await AuthRequest.filter(id=self.row.id).update(handled_at=now_ms())
        # A login that showed only the consent page keeps the browser's SSO session; any other makes one.
        known = self.context.get("sso")
        sso = await LoginSession.get_or_none(id=known, realm_id=self.realm.id) if known else None
        return await finish.issue_code(
            self.realm, self.client, dict(self.row.params), user, sso, self.base_url, self.ip, amr
        )

    async def action_page(self, user: User, action: str, error: str | None) -> Page:
        values: dict[str, Any] = {"user": user}
        if action == "CONFIGURE_TOTP":
            sealed = self.context.get("totp_secret")
            secret = secret_box().open(sealed) if isinstance(sealed, str) else otp.new_secret()
            if not isinstance(sealed, str):
                await self.save(totp_secret=secret_box().seal(secret))
            policy = otp.policy_of(self.realm)
            values |= {
                "secret": otp.encoded(secret),
                "otpauth": otp.otpauth_uri(policy, secret, self.realm, user.username),
                "policy": policy,
            }
        return await self.page(actions.TEMPLATES[action], error, **values)
