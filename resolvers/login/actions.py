"""The user's required actions during a browser login, in Keycloak's order: each has its page, and done
it leaves the user's list (``UPDATE_PASSWORD`` under the realm's password policy, ``CONFIGURE_TOTP``
storing an OTP credential, ``UPDATE_PROFILE``, ``TERMS_AND_CONDITIONS``). ``VERIFY_EMAIL`` is shown as
a page that waits for the e-mail link (no mail is sent)."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from core import password_policy
from core.errors import InvalidInput
from core.passwords import hash_password
from core.runtime import secret_box
from models import Realm, User
from resolvers.authentication.store import actions_of
from resolvers.login import otp
from resolvers.realms.defaults import setting
from resolvers.users.stored_credentials import set_password_credential

TEMPLATES = {
    "CONFIGURE_TOTP": "configure-totp.html",
    "TERMS_AND_CONDITIONS": "terms.html",
    "UPDATE_PASSWORD": "update-password.html",
    "UPDATE_PROFILE": "update-profile.html",
    "VERIFY_EMAIL": "verify-email.html",
}


async def pending(realm: Realm, user: User, needs_totp: bool) -> list[str]:
    """The actions to run now, in the realm's order: those it has enabled and a page is served for (a
    disabled one is skipped, as Keycloak skips it). An OTP the flow requires is configured regardless."""
    wanted = {str(a) for a in user.required_actions} | ({"CONFIGURE_TOTP"} if needs_totp else set())
    order = [
        a.alias for a in await actions_of(realm) if a.enabled or (needs_totp and a.alias == "CONFIGURE_TOTP")
    ]
    if needs_totp and "CONFIGURE_TOTP" not in order:
        order.insert(0, "CONFIGURE_TOTP")
    return [a for a in order if a in wanted and a in TEMPLATES]


async def _done(user: User, action: str) -> None:
    user.required_actions = [a for a in user.required_actions if a != action]
    await user.save(update_fields=["required_actions"])


async def perform(
    realm: Realm, user: User, action: str, form: dict[str, str], context: dict[str, Any]
) -> str | None:
    """Carry out ``action`` from its form; an error message key when the form is refused."""
    if action == "UPDATE_PASSWORD":
        return await _update_password(realm, user, form)
    if action == "CONFIGURE_TOTP":
        return await _configure_totp(realm, user, form, context)
    if action == "UPDATE_PROFILE":
        user.email = (form.get("email") or user.email or "").strip().lower() or None
        user.first_name = (form.get("firstName") or "").strip() or user.first_name
        user.last_name = (form.get("lastName") or "").strip() or user.last_name
        user.first_name_lower = user.first_name.lower() if user.first_name else None
        user.last_name_lower = user.last_name.lower() if user.last_name else None
        await user.save(
            update_fields=["email", "first_name", "last_name", "first_name_lower", "last_name_lower"]
        )
    elif action == "TERMS_AND_CONDITIONS":
        if "accept" not in form:
            return "termsText"
    elif action == "VERIFY_EMAIL":
        return "emailVerifyInstruction1"
    await _done(user, action)
    return None


async def _update_password(realm: Realm, user: User, form: dict[str, str]) -> str | None:
    new, confirm = form.get("password-new") or "", form.get("password-confirm") or ""
    if not new:
        return "missingPasswordMessage"
    if new != confirm:
        return "notMatchPasswordMessage"
    rules = password_policy.parse(setting(realm.config, "passwordPolicy"))
    try:
        password_policy.check(rules, new, user.username, user.email)
    except InvalidInput as exc:
        return exc.message
    encoded = await hash_password(new)
    async with in_transaction():
        await set_password_credential(user, encoded, False)  # UPDATE_PASSWORD leaves the list with it
    return None


async def _configure_totp(
    realm: Realm, user: User, form: dict[str, str], context: dict[str, Any]
) -> str | None:
    sealed = context.get("totp_secret")
    if not isinstance(sealed, str):
        return "invalidTotpMessage"
    secret = secret_box().open(sealed)
    if not otp.first_code_matches(otp.policy_of(realm), secret, form.get("totp") or ""):
        return "invalidTotpMessage"
    async with in_transaction():
        await otp.store_credential(realm, user, secret, form.get("userLabel"))
        await _done(user, "CONFIGURE_TOTP")
    return None
