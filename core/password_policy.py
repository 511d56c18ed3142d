"""Keycloak password policies: parse the realm's ``passwordPolicy`` string and check a password against it.

The syntax is Keycloak's: ``length(8) and digits(1) and notUsername and passwordHistory(3)``. Policies that
only tune hashing or expiry (``hashAlgorithm``, ``hashIterations``, ``forceExpiredPasswordChange``...) parse
but check nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import re2

from core.errors import InvalidInput

_TERM = re.compile(r"^\s*([A-Za-z][A-Za-z0-9-]*)\s*(?:\((.*)\))?\s*$", re.S)

# policy id -> (default value, Keycloak message key, message template)
_CHECKS: dict[str, tuple[str | None, str, str]] = {
    "length": ("8", "invalidPasswordMinLengthMessage", "Invalid password: minimum length {0}."),
    "maxLength": ("64", "invalidPasswordMaxLengthMessage", "Invalid password: maximum length {0}."),
    "digits": (
        "1",
        "invalidPasswordMinDigitsMessage",
        "Invalid password: must contain at least {0} numerical digits.",
    ),
    "lowerCase": (
        "1",
        "invalidPasswordMinLowerCaseCharsMessage",
        "Invalid password: must contain at least {0} lower case characters.",
    ),
    "upperCase": (
        "1",
        "invalidPasswordMinUpperCaseCharsMessage",
        "Invalid password: must contain at least {0} upper case characters.",
    ),
    "specialChars": (
        "1",
        "invalidPasswordMinSpecialCharsMessage",
        "Invalid password: must contain at least {0} special characters.",
    ),
    "notUsername": (
        None,
        "invalidPasswordNotUsernameMessage",
        "Invalid password: must not be equal to the username.",
    ),
    "notEmail": (None, "invalidPasswordNotEmailMessage", "Invalid password: must not be equal to the email."),
    "notContainsUsername": (
        None,
        "invalidPasswordNotContainsUsernameMessage",
        "Invalid password: Can not contain the username.",
    ),
    "regexPattern": (
        None,
        "invalidPasswordRegexPatternMessage",
        "Invalid password: fails to match regex pattern(s).",
    ),
    "passwordHistory": (
        "3",
        "invalidPasswordHistoryMessage",
        "Invalid password: must not be equal to any of last {0} passwords.",
    ),
}
_PASSIVE = {
    "hashAlgorithm",
    "hashIterations",
    "forceExpiredPasswordChange",
    "maxAuthAge",
    "passwordBlacklist",
    "passwordAge",
    "recoveryCodesWarningThreshold",
}
_INT_POLICIES = {"length", "maxLength", "digits", "lowerCase", "upperCase", "specialChars", "passwordHistory"}


class PasswordPolicyViolation(InvalidInput):
    """A password breaks a rule of the realm's policy; ``key`` is Keycloak's message key."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message, field="password")
        self.key = key


@dataclass(frozen=True)
class PasswordPolicy:
    rules: tuple[tuple[str, str | None], ...] = ()

    def value(self, policy_id: str) -> str | None:
        return next((v for k, v in self.rules if k == policy_id), None)

    def has(self, policy_id: str) -> bool:
        return any(k == policy_id for k, _ in self.rules)

    @property
    def history(self) -> int:
        """How many earlier passwords (the current one included) a new one must differ from."""
        return int(self.value("passwordHistory") or 0) if self.has("passwordHistory") else 0


def parse(text: str | None) -> PasswordPolicy:
    """A policy string in Keycloak's syntax; an unknown policy or a bad value is ``InvalidInput``."""
    if not text or not text.strip():
        return PasswordPolicy()
    rules: list[tuple[str, str | None]] = []
    for term in re.split(r"\s+and\s+", text.strip()):
        match = _TERM.match(term)
        if match is None:
            raise InvalidInput(f"Invalid password policy term: {term}", field="passwordPolicy")
        policy_id, raw = match.group(1), match.group(2)
        if policy_id not in _CHECKS and policy_id not in _PASSIVE:
            raise InvalidInput(f"Password policy not found: {policy_id}", field="passwordPolicy")
        value = raw.strip() if raw is not None and raw.strip() else None
        if value is None and policy_id in _CHECKS:
            value = _CHECKS[policy_id][0]
        if policy_id in _INT_POLICIES:
            try:
                int(value or "0")
            except ValueError as exc:
                raise InvalidInput(
                    f"Invalid config for {policy_id}: must be a valid int", field="passwordPolicy"
                ) from exc
        if policy_id == "regexPattern":
            if value is None:
                raise InvalidInput(
                    "Invalid config for regexPattern: a pattern is required", field="passwordPolicy"
                )
            try:
                re2.compile(value)
            except re2.error as exc:
                raise InvalidInput(f"Invalid config for regexPattern: {exc}", field="passwordPolicy") from exc
        rules.append((policy_id, value))
    return PasswordPolicy(tuple(rules))


def _fail(policy_id: str, value: str | None = None) -> PasswordPolicyViolation:
    _, key, template = _CHECKS[policy_id]
    return PasswordPolicyViolation(key, template.format(value))


def check(policy: PasswordPolicy, password: str, username: str, email: str | None) -> None:
    """Raise ``PasswordPolicyViolation`` for the first rule ``password`` breaks (history is the caller's:
    it needs the stored hashes)."""
    for policy_id, value in policy.rules:
        n = int(value) if policy_id in _INT_POLICIES and value is not None else 0
        if policy_id == "length" and len(password) < n:
            raise _fail(policy_id, value)
        if policy_id == "maxLength" and len(password) > n:
            raise _fail(policy_id, value)
        if policy_id == "digits" and sum(c.isdigit() for c in password) < n:
            raise _fail(policy_id, value)
        if policy_id == "lowerCase" and sum(c.islower() for c in password) < n:
            raise _fail(policy_id, value)
        if policy_id == "upperCase" and sum(c.isupper() for c in password) < n:
            raise _fail(policy_id, value)
        if policy_id == "specialChars" and sum(not c.isalnum() for c in password) < n:
            raise _fail(policy_id, value)
        if policy_id == "notUsername" and username and password.lower() == username.lower():
            raise _fail(policy_id)
        if policy_id == "notContainsUsername" and username and username.lower() in password.lower():
            raise _fail(policy_id)
        if policy_id == "notEmail" and email and password.lower() == email.lower():
            raise _fail(policy_id)
        if policy_id == "regexPattern" and value is not None and re2.fullmatch(value, password) is None:
            raise _fail(policy_id)


def history_violation(policy: PasswordPolicy) -> PasswordPolicyViolation:
    return _fail("passwordHistory", str(policy.history))


def rule_names(policy: PasswordPolicy) -> Sequence[str]:
    return [k for k, _ in policy.rules]


def known_policies() -> list[tuple[str, str | None, bool]]:
    """Every policy id this parser accepts, with its default value and whether it takes an integer."""
    ids = sorted({*_CHECKS, *_PASSIVE})
    return [(p, _CHECKS[p][0] if p in _CHECKS else None, p in _INT_POLICIES) for p in ids]
