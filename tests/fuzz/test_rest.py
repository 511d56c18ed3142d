"""Schemathesis over the REST dialects' own API documents: Keycloak's admin API (the operations the
server routes), Keto v0.5, Hydra 1.11 and lowball's builtins, as the master admin or the lowball admin."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from tests.fuzz import specs
from tests.fuzz.checks import check
from tests.fuzz.conftest import EXAMPLES
from tests.fuzz.target import Target

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
)
# lowball operations that revoke, change or disable the caller's own token or client.
_LOWBALL_SELF = {
    ("DELETE", "/builtins/auth"),
    ("DELETE", "/builtins/auth/tokens"),
    ("DELETE", "/builtins/auth/tokens/all"),
    ("POST", "/builtins/auth/clients"),
}

# Keycloak answers the SMTP test of a caller without an e-mail with a 500 (RealmAdminResource); the
# fuzzing admin has none, which also keeps the server from connecting to generated mail hosts.
_SMTP_TEST = ("POST", "/admin/realms/{realm}/testSMTPConnection")
_NO_EMAIL = {"errorMessage": "Logged in user does not have an e-mail."}

keycloak = specs.keycloak()
keto = specs.keto()
hydra = specs.hydra()
lowball = specs.lowball()


@keycloak.parametrize()
@FUZZ_SETTINGS
def test_keycloak(case, target: Target) -> None:  # type: ignore[no-untyped-def]
    target.aim(case)
    response = target.send(case, target.admin_headers())
    if (case.method.upper(), case.operation.path) == _SMTP_TEST and response.status_code == 500:
        assert response.json() == _NO_EMAIL, response.text
        return
    check(case, response)
    if case.method in ("PUT", "DELETE") and response.status_code < 300:
        target.ensure()


@keto.parametrize()
@FUZZ_SETTINGS
def test_keto(case, target: Target) -> None:  # type: ignore[no-untyped-def]
    target.aim(case)
    check(case, target.send(case, target.admin_headers()))


@hydra.parametrize()
@FUZZ_SETTINGS
def test_hydra(case, target: Target) -> None:  # type: ignore[no-untyped-def]
    target.aim(case)
    check(case, target.send(case, target.admin_headers()))


@lowball.parametrize()
@FUZZ_SETTINGS
def test_lowball(case, target: Target) -> None:  # type: ignore[no-untyped-def]
    target.aim(case)
    response = target.send(case, target.lowball_headers())
    check(case, response)
    if response.status_code == 401 or (case.method, case.path) in _LOWBALL_SELF:
        target.lowball_reset()
