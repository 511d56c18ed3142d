"""The login pages' values: Keycloak's message keys with their English texts, replaced by the realm's
localization texts (``localizationTexts``) where the realm has them, and the form's action and CSRF token."""

from __future__ import annotations

import dataclasses
from typing import Any

from models import Realm
from resolvers.localization.texts import texts_of
from resolvers.login.outcomes import Cookies, Page
from resolvers.realms.defaults import setting

MESSAGES = {
    "loginAccountTitle": "Sign in to your account",
    "usernameOrEmail": "Username or email",
    "password": "Password",
    "doLogIn": "Sign In",
    "invalidUserMessage": "Invalid username or password.",
    "loginOtpOneTime": "One-time code",
    "invalidTotpMessage": "Invalid authenticator code.",
    "doSubmit": "Submit",
    "updatePasswordTitle": "Update password",
    "passwordNew": "New Password",
    "passwordConfirm": "Confirm password",
    "notMatchPasswordMessage": "Passwords don't match.",
    "missingPasswordMessage": "Please specify password.",
    "loginTotpTitle": "Mobile Authenticator Setup",
    "loginTotpManualStep": "Enter the following key into your application:",
    "loginTotpDeviceName": "Device Name",
    "termsTitle": "Terms and Conditions",
    "termsText": "Terms and conditions to be defined",
    "doAccept": "Accept",
    "updateProfileTitle": "Update Account Information",
    "email": "Email",
    "firstName": "First name",
    "lastName": "Last name",
    "emailVerifyTitle": "Email verification",
    "emailVerifyInstruction1": (
        "An email with instructions to verify your email address has been sent to you."
    ),
    "oauthGrantTitle": "Grant Access",
    "oauthGrantRequest": "Do you grant these access privileges?",
    "doYes": "Yes",
    "doNo": "No",
    "profileScopeConsentText": "User profile",
    "emailScopeConsentText": "Email address",
    "rolesScopeConsentText": "User roles",
    "errorTitle": "We are sorry...",
    "loggedOutTitle": "You are logged out",
    "logoutConfirmTitle": "Logging out",
    "logoutConfirmHeader": "Do you want to log out?",
    "doLogout": "Logout",
}


def messages(realm: Realm, ui_locales: str | None = None) -> dict[str, str]:
    """The texts of the first of the request's ``ui_locales`` the realm has texts for, else of its
    default locale (English when it names none), over Keycloak's English ones."""
    texts = texts_of(realm.config)
    default = str(setting(realm.config, "defaultLocale") or "en")
    wanted = [tag for tag in (ui_locales or "").split() if tag in texts]
    return MESSAGES | texts.get(default, {}) | texts.get(wanted[0] if wanted else default, {})


def action_url(realm: Realm, session_code: str) -> str:
    return f"/realms/{realm.name}/login-actions/authenticate?session_code={session_code}"


async def page(
    realm: Realm,
    template: str,
    session_code: str,
    csrf: str,
    error: str | None,
    locale: str | None = None,
    **values: Any,
) -> Page:
    msg = messages(realm, locale)
    return Page(
        template,
        {
            "realm_name": str(setting(realm.config, "displayName") or realm.name),
            "msg": msg,
            "action": action_url(realm, session_code),
            "csrf": csrf,
            "error": msg.get(error, error) if error else None,
            **values,
        },
        status=200,
    )


async def login_page(
    realm: Realm, session_code: str, csrf: str, username: str, error: str | None, locale: str | None
) -> Page:
    return await page(realm, "login.html", session_code, csrf, error, locale, username=username)


def with_cookies(given: Page, cookies: Cookies) -> Page:
    return dataclasses.replace(given, cookies=given.cookies | cookies)
