"""Conditions of ORY Keto v0.5 (ladon) access control policies.

A policy's ``conditions`` object maps a *context key* to ``{"type": <name>, "options": {...}}``. At decision
time each condition is evaluated against ``request.context[key]``; a policy matches only if every condition is
fulfilled (ORY Keto v0.5 ``engine/ladon/rego/condition/condition.rego``: ``all_conditions_true``). A missing
context key fulfils no condition (Rego: an undefined reference makes the rule undefined, i.e. false), except
ResourceContainsCondition, which reads the request's resource and not the context.

Each type follows Keto v0.5's ``engine/ladon/rego/condition/<name>.rego`` (and ladon's ``condition_*.go``):

* ``StringEqualCondition`` (string_equal.rego): the value and ``options.equals`` are strings and equal.
* ``StringMatchCondition`` (string_match.rego, ladon condition_string_match.go): the value is a string that
  ``options.matches`` matches *anywhere* (OPA ``re_match`` / Go ``regexp.MatchString`` are unanchored); run on
  RE2.
* ``StringPairsEqualCondition`` (string_pairs_equal.rego, ladon condition_string_pairs_equal.go): the value is
  a non-empty list whose every item is a list of exactly two strings that are equal.
* ``EqualsSubjectCondition`` (string_subject_equal.rego): the value equals the request's subject.
* ``CIDRCondition`` (cidr.rego, ladon condition_cidr.go): the value is an IP address inside ``options.cidr``.
* ``BooleanCondition`` (boolean.rego): the value is a boolean equal to ``options.value``.
* ``ResourceContainsCondition`` (resource_contains.rego, ladon condition_resource_contains.go): with ``d`` =
  ``options.delimiter`` (default ``""``), ``d + resource + d`` contains ``d + options.value + d``.
* ``TimeInterval`` (time_interval.rego, added to Keto v0.5 in ory/keto#386): the value is a number with
  ``options.after <= value < options.before``.

Deviations, all on the strict side: upstream accepted any ``options`` and let a condition with missing or
mistyped options simply never match (or, for ResourceContainsCondition with an empty value and no delimiter,
always match); here such options, and unknown condition types, are rejected at validation with
``InvalidInput``. An empty ``options.value`` of ResourceContainsCondition is accepted and never fulfilled
(ladon). A StringPairsEqualCondition item that is not a list fails the condition (ladon), where Keto's Rego
skipped it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import re2

from core.acp.patterns import quiet_options
from core.errors import InvalidInput

CONDITION_TYPES = (
    "StringEqualCondition",
    "StringMatchCondition",
    "StringPairsEqualCondition",
    "EqualsSubjectCondition",
    "CIDRCondition",
    "BooleanCondition",
    "ResourceContainsCondition",
    "TimeInterval",
)

_MISSING = object()

# (value from the context or _MISSING, subject, resource) -> fulfilled
Evaluator = Callable[[Any, str, str], bool]


@dataclass(frozen=True)
class CompiledCondition:
    """One validated condition, ready to evaluate against the request."""

    key: str
    type: str
    evaluate: Evaluator

    def fulfilled(self, context: Mapping[str, Any], subject: str, resource: str) -> bool:
        return self.evaluate(context.get(self.key, _MISSING), subject, resource)


def _invalid(key: str, message: str) -> InvalidInput:
    return InvalidInput(f"conditions.{key}: {message}", field=f"conditions.{key}")


def _option_str(key: str, options: Mapping[str, Any], name: str, *, required: bool = True) -> str | None:
    value = options.get(name, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise _invalid(key, f"options.{name} is required")
        return None
    if not isinstance(value, str):
        raise _invalid(key, f"options.{name} must be a string")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _string_equal(key: str, options: Mapping[str, Any]) -> Evaluator:
    equals = _option_str(key, options, "equals")

    def evaluate(value: Any, subject: str, resource: str) -> bool:
        return isinstance(value, str) and value == equals

    return evaluate


def _string_match(key: str, options: Mapping[str, Any]) -> Evaluator:
    matches = _option_str(key, options, "matches")
    try:
        regex = re2.compile(matches, options=quiet_options())
    except re2.error as exc:
        raise _invalid(key, f"options.matches is not a valid regular expression: {exc}") from None

    def evaluate(value: Any, subject: str, resource: str) -> bool:
        if not isinstance(value, str):
            return False
        try:
            return regex.search(value) is not None
        except UnicodeEncodeError:
            return False

    return evaluate


def _string_pairs_equal(key: str, options: Mapping[str, Any]) -> Evaluator:
    def evaluate(value: Any, subject: str, resource: str) -> bool:
        if not isinstance(value, list | tuple) or not value:
            return False
        for pair in value:
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                return False
            a, b = pair
            if not isinstance(a, str) or not isinstance(b, str) or a != b:
                return False
        return True

    return evaluate


def _equals_subject(key: str, options: Mapping[str, Any]) -> Evaluator:
    def evaluate(value: Any, subject: str, resource: str) -> bool:
        return isinstance(value, str) and value == subject

    return evaluate


def _parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if "%" in value:  # Go's net.ParseIP takes no zone
        return None
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _cidr(key: str, options: Mapping[str, Any]) -> Evaluator:
    cidr = _option_str(key, options, "cidr")
    assert cidr is not None
    if "/" not in cidr:  # Go's net.ParseCIDR needs the prefix length
        raise _invalid(key, f"options.cidr {cidr!r} is not a CIDR (address/prefix)")
    try:
        # strict=False: Go's ParseCIDR accepts host bits, e.g. 192.168.178.0/16.
        network = ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        raise _invalid(key, f"options.cidr {cidr!r} is not a CIDR (address/prefix)") from None

    def evaluate(value: Any, subject: str, resource: str) -> bool:
        if not isinstance(value, str):
            return False
        ip = _parse_ip(value)
        if ip is None:
            return False
        if isinstance(network, ipaddress.IPv4Network) and isinstance(ip, ipaddress.IPv6Address):
            ip = ip.ipv4_mapped  # Go's IPNet.Contains compares an IPv4-mapped IPv6 address as IPv4
            if ip is None:
                return False
        elif isinstance(network, ipaddress.IPv6Network) and isinstance(ip, ipaddress.IPv4Address):
            return False
        return ip in network

    return evaluate


def _boolean(key: str, options: Mapping[str, Any]) -> Evaluator:
    expected = options.get("value", _MISSING)
    if not isinstance(expected, bool):
        raise _invalid(key, "options.value must be a boolean")

    def evaluate(value: Any, subject: str, resource: str) -> bool:
        return isinstance(value, bool) and value is expected

    return evaluate


def _resource_contains(key: str, options: Mapping[str, Any]) -> Evaluator:
    needle_value = _option_str(key, options, "value")
    delimiter = _option_str(key, options, "delimiter", required=False) or ""
    needle = f"{delimiter}{needle_value}{delimiter}"

    def evaluate(value: Any, subject: str, resource: str) -> bool:
        if not needle_value:  # ladon: `if !ok || len(valueString) < 1 { return false }`
            return False
        return needle in f"{delimiter}{resource}{delimiter}"

    return evaluate


def _time_interval(key: str, options: Mapping[str, Any]) -> Evaluator:
    after = options.get("after", _MISSING)
    before = options.get("before", _MISSING)
    if not _is_number(after) or not _is_number(before):
        raise _invalid(key, "options.after and options.before must be numbers")

    def evaluate(value: Any, subject: str, resource: str) -> bool:
        return _is_number(value) and after <= value < before

    return evaluate


_FACTORIES: dict[str, Callable[[str, Mapping[str, Any]], Evaluator]] = {
    "StringEqualCondition": _string_equal,
    "StringMatchCondition": _string_match,
    "StringPairsEqualCondition": _string_pairs_equal,
    "EqualsSubjectCondition": _equals_subject,
    "CIDRCondition": _cidr,
    "BooleanCondition": _boolean,
    "ResourceContainsCondition": _resource_contains,
    "TimeInterval": _time_interval,
}


def compile_condition(key: object, condition: object) -> CompiledCondition:
    """Validate one ``key: {"type", "options"}`` entry; raise ``InvalidInput`` naming the problem."""
    if not isinstance(key, str):
        raise InvalidInput(f"conditions: key {key!r} is not a string", field="conditions")
    if not isinstance(condition, Mapping):
        raise _invalid(key, "a condition must be an object with a type")
    ctype = condition.get("type")
    if not isinstance(ctype, str):
        raise _invalid(key, "type is required and must be a string")
    factory = _FACTORIES.get(ctype)
    if factory is None:
        raise _invalid(key, f"unknown condition type {ctype!r}, expected one of {', '.join(CONDITION_TYPES)}")
    options = condition.get("options")
    if options is None:
        options = {}
    if not isinstance(options, Mapping):
        raise _invalid(key, "options must be an object")
    return CompiledCondition(key=key, type=ctype, evaluate=factory(key, options))


def compile_conditions(conditions: Mapping[str, Any]) -> tuple[CompiledCondition, ...]:
    """Validate and compile a policy's ``conditions`` object."""
    return tuple(compile_condition(key, value) for key, value in conditions.items())


def conditions_fulfilled(
    conditions: tuple[CompiledCondition, ...], context: Mapping[str, Any], subject: str, resource: str
) -> bool:
    """True when every condition holds (an empty tuple holds), as Keto's ``all_conditions_true``."""
    return all(c.fulfilled(context, subject, resource) for c in conditions)
