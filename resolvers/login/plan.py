"""The browser flow a login runs: the realm's binding (``browserFlow``) or the client's override, read as
a plan of what the login asks for. Keycloak's ``AuthenticationFlowResolver`` picks the flow; the plan is
what its ``DefaultAuthenticationFlow`` would execute for the authenticators iamgraph serves."""

from __future__ import annotations

from dataclasses import dataclass

from models import AuthenticationExecution, AuthenticationFlow, Client, Realm
from resolvers.authentication.store import OVERRIDES, executions_of
from resolvers.realms.defaults import setting

PASSWORD_FORMS = frozenset({"auth-username-password-form", "auth-password-form", "auth-username-form"})
OTP_FORMS = frozenset({"auth-otp-form", "direct-grant-validate-otp"})
CONDITION = "conditional-user-configured"


@dataclass(frozen=True)
class Plan:
    """``otp``: ``never``, ``configured`` (only a user with an OTP credential is asked: the conditional
    sub-flow) or ``always`` (one without is asked to configure it, as Keycloak's OTP form does)."""

    cookie: bool
    password: bool
    otp: str


async def bound_flow(realm: Realm, client: Client, binding: str = "browser") -> AuthenticationFlow | None:
    """``binding`` is the override's key: ``browser`` or ``direct_grant``."""
    overrides = client.config.get(OVERRIDES) if isinstance(client.config, dict) else None
    override = overrides.get(binding) if isinstance(overrides, dict) else None
    if isinstance(override, str) and override:
        flow = await AuthenticationFlow.get_or_none(id=override, realm_id=realm.id)
        if flow is not None:
            return flow
    key, fallback = (
        ("browserFlow", "browser") if binding == "browser" else ("directGrantFlow", "direct grant")
    )
    alias = setting(realm.config, key)
    return await AuthenticationFlow.get_or_none(realm_id=realm.id, alias=str(alias or fallback))


async def plan_of(realm: Realm, client: Client, binding: str = "browser") -> Plan:
    flow = await bound_flow(realm, client, binding)
    if flow is None:  # no flow bound at all: the plain password login
        return Plan(cookie=binding == "browser", password=True, otp="never")
    found: dict[str, str] = {}
    await _walk(flow.id, False, found, 0)
    return Plan(
        cookie="cookie" in found,
        password="password" in found or binding != "browser",
        otp=found.get("otp", "never"),
    )


async def _walk(flow_id: str, conditional: bool, found: dict[str, str], depth: int) -> None:
    if depth > 8:  # a flow that contains itself
        return
    executions: list[AuthenticationExecution] = await executions_of(flow_id)
    for execution in executions:
        if execution.requirement == "DISABLED":
            continue
        if execution.sub_flow_id:
            children = await executions_of(execution.sub_flow_id)
            gated = execution.requirement == "CONDITIONAL" and any(
                c.authenticator == CONDITION and c.requirement != "DISABLED" for c in children
            )
            await _walk(execution.sub_flow_id, conditional or gated, found, depth + 1)
            continue
        name = execution.authenticator or ""
        if name == "auth-cookie":
            found["cookie"] = "yes"
        elif name in PASSWORD_FORMS or name.startswith("direct-grant-validate-"):
            if name in OTP_FORMS:
                _otp(found, conditional, execution.requirement)
            else:
                found["password"] = "yes"
        elif name in OTP_FORMS:
            _otp(found, conditional, execution.requirement)


def _otp(found: dict[str, str], conditional: bool, requirement: str) -> None:
    strength = "always" if requirement == "REQUIRED" and not conditional else "configured"
    if found.get("otp") != "always":
        found["otp"] = strength
