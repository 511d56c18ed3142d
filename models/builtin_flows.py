"""Keycloak 24's built-in authentication flows, authenticator configs and required actions, as
``DefaultAuthenticationFlows.addFlows`` and ``DefaultRequiredActions.addActions`` seed them into every
realm, and the realm's flow bindings they are bound as.

Plain data: realm seeding, realm import and the migration that gives existing realms these flows all read
it, through plain SQL, so that the migration needs no model class.
"""

from __future__ import annotations

import json
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from models.base import new_id
from models.builtin_scopes import Sql

# (authenticator, sub-flow alias, requirement, priority, config alias); a form-flow's execution has both.
Execution = tuple[str | None, str | None, str, int, str | None]


def _flow(
    alias: str, description: str, executions: list[Execution], top: bool = False, provider: str = "basic-flow"
) -> dict[str, Any]:
    return {
        "alias": alias,
        "description": description,
        "providerId": provider,
        "topLevel": top,
        "executions": executions,
    }


def _a(authenticator: str, requirement: str, priority: int, config: str | None = None) -> Execution:
    return (authenticator, None, requirement, priority, config)


def _sub(alias: str, requirement: str, priority: int, authenticator: str | None = None) -> Execution:
    return (authenticator, alias, requirement, priority, None)


_OTP = "Flow to determine if the OTP is required for the authentication"

# Sub-flows come after the flows that name them (the seed inserts them in this order and links by alias).
BUILTIN_FLOWS: list[dict[str, Any]] = [
    _flow(
        "browser",
        "browser based authentication",
        [
            _a("auth-cookie", "ALTERNATIVE", 10),
            _a("auth-spnego", "DISABLED", 20),
            _a("identity-provider-redirector", "ALTERNATIVE", 25),
            _sub("forms", "ALTERNATIVE", 30),
        ],
        top=True,
    ),
    _flow(
        "forms",
        "Username, password, otp and other auth forms.",
        [
            _a("auth-username-password-form", "REQUIRED", 10),
            _sub("Browser - Conditional OTP", "CONDITIONAL", 20),
        ],
    ),
    _flow(
        "Browser - Conditional OTP",
        _OTP,
        [_a("conditional-user-configured", "REQUIRED", 10), _a("auth-otp-form", "REQUIRED", 20)],
    ),
    _flow(
        "direct grant",
        "OpenID Connect Resource Owner Grant",
        [
            _a("direct-grant-validate-username", "REQUIRED", 10),
            _a("direct-grant-validate-password", "REQUIRED", 20),
            _sub("Direct Grant - Conditional OTP", "CONDITIONAL", 30),
        ],
        top=True,
    ),
    _flow(
        "Direct Grant - Conditional OTP",
        _OTP,
        [_a("conditional-user-configured", "REQUIRED", 10), _a("direct-grant-validate-otp", "REQUIRED", 20)],
    ),
    _flow(
        "registration",
        "registration flow",
        [_sub("registration form", "REQUIRED", 10, "registration-page-form")],
        top=True,
    ),
    _flow(
        "registration form",
        "registration form",
        [
            _a("registration-user-creation", "REQUIRED", 20),
            _a("registration-password-action", "REQUIRED", 50),
            _a("registration-recaptcha-action", "DISABLED", 60),
            _a("registration-terms-and-conditions", "DISABLED", 70),
        ],
        provider="form-flow",
    ),
    _flow(
        "reset credentials",
        "Reset credentials for a user if they forgot their password or something",
        [
            _a("reset-credentials-choose-user", "REQUIRED", 10),
            _a("reset-credential-email", "REQUIRED", 20),
            _a("reset-password", "REQUIRED", 30),
            _sub("Reset - Conditional OTP", "CONDITIONAL", 40),
        ],
        top=True,
    ),
    _flow(
        "Reset - Conditional OTP",
        "Flow to determine if the OTP should be reset or not. Set to REQUIRED to force.",
        [_a("conditional-user-configured", "REQUIRED", 10), _a("reset-otp", "REQUIRED", 20)],
    ),
    _flow(
        "clients",
        "Base authentication for clients",
        [
            _a("client-secret", "ALTERNATIVE", 10),
            _a("client-jwt", "ALTERNATIVE", 20),
            _a("client-secret-jwt", "ALTERNATIVE", 30),
            _a("client-x509", "ALTERNATIVE", 40),
        ],
        top=True,
        provider="client-flow",
    ),
    _flow(
        "first broker login",
        "Actions taken after first broker login with identity provider account, which is not yet linked to "
        "any Keycloak account",
        [
            _a("idp-review-profile", "REQUIRED", 10, "review profile config"),
            _sub("User creation or linking", "REQUIRED", 20),
        ],
        top=True,
    ),
    _flow(
        "User creation or linking",
        "Flow for the existing/non-existing user alternatives",
        [
            _a("idp-create-user-if-unique", "ALTERNATIVE", 10, "create unique user config"),
            _sub("Handle Existing Account", "ALTERNATIVE", 20),
        ],
    ),
    _flow(
        "Handle Existing Account",
        "Handle what to do if there is existing account with same email/username like authenticated identity "
        "provider",
        [_a("idp-confirm-link", "REQUIRED", 10), _sub("Account verification options", "REQUIRED", 20)],
    ),
    _flow(
        "Account verification options",
        "Method with which to verity the existing account",
        [
            _a("idp-email-verification", "ALTERNATIVE", 10),
            _sub("Verify Existing Account by Re-authentication", "ALTERNATIVE", 20),
        ],
    ),
    _flow(
        "Verify Existing Account by Re-authentication",
        "Reauthentication of existing account",
        [
            _a("idp-username-password-form", "REQUIRED", 10),
            _sub("First broker login - Conditional OTP", "CONDITIONAL", 20),
        ],
    ),
    _flow(
        "First broker login - Conditional OTP",
        _OTP,
        [_a("conditional-user-configured", "REQUIRED", 10), _a("auth-otp-form", "REQUIRED", 20)],
    ),
    _flow(
        "saml ecp",
        "SAML ECP Profile Authentication Flow",
        [_a("http-basic-authenticator", "REQUIRED", 10)],
        True,
    ),
    _flow(
        "docker auth",
        "Used by Docker clients to authenticate against the IDP",
        [_a("docker-http-basic-authenticator", "REQUIRED", 10)],
        top=True,
    ),
]

# Each top-level flow with the sub-flows it owns, so that a realm lacking one gets all of it.
TOP_LEVEL_ALIASES = [f["alias"] for f in BUILTIN_FLOWS if f["topLevel"]]

BUILTIN_CONFIGS: dict[str, dict[str, str]] = {
    "review profile config": {"update.profile.on.first.login": "missing"},
    "create unique user config": {"require.password.update.after.registration": "false"},
}

# The realm's flow bindings (RealmRepresentation names) and the built-in flow each is bound to.
FLOW_BINDINGS: dict[str, str] = {
    "browserFlow": "browser",
    "registrationFlow": "registration",
    "directGrantFlow": "direct grant",
    "resetCredentialsFlow": "reset credentials",
    "clientAuthenticationFlow": "clients",
    "dockerAuthenticationFlow": "docker auth",
    "firstBrokerLoginFlow": "first broker login",
}

# (alias = provider id, name, enabled, priority), as DefaultRequiredActions adds them; none is a default.
BUILTIN_REQUIRED_ACTIONS: list[tuple[str, str, bool, int]] = [
    ("CONFIGURE_TOTP", "Configure OTP", True, 10),
    ("TERMS_AND_CONDITIONS", "Terms and Conditions", False, 20),
    ("UPDATE_PASSWORD", "Update Password", True, 30),
    ("UPDATE_PROFILE", "Update Profile", True, 40),
    ("VERIFY_EMAIL", "Verify Email", True, 50),
    ("delete_account", "Delete Account", False, 60),
    ("webauthn-register", "Webauthn Register", True, 70),
    ("webauthn-register-passwordless", "Webauthn Register Passwordless", True, 80),
    ("VERIFY_PROFILE", "Verify Profile", True, 90),
    ("delete_credential", "Delete Credential", True, 100),
    ("update_user_locale", "Update User Locale", True, 1000),
]


def _owned(top: str) -> list[dict[str, Any]]:
    """A top-level built-in flow and every sub-flow beneath it, parents first."""
    by_alias = {f["alias"]: f for f in BUILTIN_FLOWS}
    order, pending = [], [top]
    while pending:
        flow = by_alias[pending.pop(0)]
        order.append(flow)
        pending += [sub for _, sub, _, _, _ in flow["executions"] if sub]
    return order


async def seed_builtin_flows(conn: BaseDBAsyncClient, realm_id: str, *, actions: bool = True) -> None:
    """Give a realm each built-in top-level flow it lacks by alias (with its sub-flows and configs), and
    (``actions``) each built-in required action it lacks. Plain SQL on ``conn``, so the migration for
    existing databases, realm creation and realm import share it."""
    sql = Sql(conn)
    have = {
        str(r["alias"]): str(r["id"])
        for r in await sql.rows("SELECT id, alias FROM authentication_flow WHERE realm_id = ?", realm_id)
    }
    for top in TOP_LEVEL_ALIASES:
        if top in have:
            continue
        flows = [f for f in _owned(top) if f["alias"] not in have]
        ids = {f["alias"]: new_id() for f in flows}
        for flow in flows:
            await sql.run(
                "INSERT INTO authentication_flow (id, realm_id, alias, description, provider_id, top_level, "
                "built_in) VALUES (?, ?, ?, ?, ?, ?, ?)",
                ids[flow["alias"]],
                realm_id,
                flow["alias"],
                flow["description"],
                flow["providerId"],
                flow["topLevel"],
                True,
            )
        for flow in flows:
            for authenticator, sub, requirement, priority, config_alias in flow["executions"]:
                config_id = None
                if config_alias:
                    config_id = new_id()
                    await sql.run(
                        "INSERT INTO authenticator_config (id, realm_id, alias, config) VALUES (?, ?, ?, ?)",
                        config_id,
                        realm_id,
                        config_alias,
                        json.dumps(BUILTIN_CONFIGS[config_alias]),
                    )
                await sql.run(
                    "INSERT INTO authentication_execution (id, realm_id, parent_flow_id, authenticator, "
                    "authenticator_flow, sub_flow_id, requirement, priority, authenticator_config) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new_id(),
                    realm_id,
                    ids[flow["alias"]],
                    authenticator,
                    sub is not None,
                    (ids.get(sub) or have.get(sub)) if sub else None,
                    requirement,
                    priority,
                    config_id,
                )
        have.update(ids)
    if actions:
        await seed_required_actions(conn, realm_id)


async def seed_required_actions(conn: BaseDBAsyncClient, realm_id: str) -> None:
    """Register each built-in required action the realm lacks by alias."""
    sql = Sql(conn)
    have = {
        r["alias"] for r in await sql.rows("SELECT alias FROM required_action WHERE realm_id = ?", realm_id)
    }
    for alias, name, enabled, priority in BUILTIN_REQUIRED_ACTIONS:
        if alias not in have:
            await sql.run(
                "INSERT INTO required_action (id, realm_id, alias, name, provider_id, enabled, "
                "default_action, priority, config) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new_id(),
                realm_id,
                alias,
                name,
                alias,
                enabled,
                False,
                priority,
                "{}",
            )
