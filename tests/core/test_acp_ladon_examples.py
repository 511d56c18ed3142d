"""Upstream's own examples, table-driven, run through core.acp.

Sources (each table says which):
* ORY Keto v0.5 ``engine/ladon/rego/{exact,glob,regex}/main_test.rego`` (policies and decide_allow cases),
* ORY Keto v0.5 ``engine/ladon/rego/condition/*.rego`` (``test_condition_*`` rules),
* ladon ``ladon_test.go`` (``TestLadon``) and ladon ``README.md`` (the "Policies" example policy).
"""

from __future__ import annotations

from typing import Any

import pytest

from core.acp import CompiledPolicySet, validate_policy


def role_ids(roles: list[dict[str, Any]], subject: str) -> list[str]:
    """Keto v0.5 engine/ladon/rego/core/role.rego: ids of the roles whose members contain the subject."""
    return [role["id"] for role in roles if subject in role["members"]]


def allowed(flavor: str, policies: list[dict[str, Any]], request: dict[str, Any], roles=()) -> bool:
    compiled = CompiledPolicySet.compile(flavor, [validate_policy(flavor, p) for p in policies])
    decision = compiled.decide(
        request.get("subject", ""),
        request.get("resource", ""),
        request.get("action", ""),
        request.get("context", {}),
        role_ids(list(roles), request.get("subject", "")),
    )
    return decision.allowed


def _pol(pid: str, n: str, effect: str = "allow", **extra: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "resources": [f"articles:{n}"],
        "subjects": [f"subjects:{n}"],
        "actions": [f"actions:{n}"],
        "effect": effect,
        **extra,
    }


_STRING_EQUAL = {
    "foobar": {"type": "StringEqualCondition", "options": {"equals": "the-value-should-be-this"}}
}

# The policies shared by Keto's three main_test.rego files (ids 1, 2, 3-1..3-3). Policy "5" there carries an
# unknown condition type ("InvalidCondition"), which Keto let through and never matched; here it is rejected
# at validation, see test_unknown_condition_from_keto_tests_is_rejected.
_COMMON = [
    _pol("1", "1", conditions=_STRING_EQUAL),
    _pol("2", "2", "deny"),
    _pol("3-1", "3"),
    _pol("3-2", "3", "deny"),
    _pol("3-3", "3"),
]


def _req(n: str, **extra: Any) -> dict[str, Any]:
    return {"resource": f"articles:{n}", "subject": f"subjects:{n}", "action": f"actions:{n}", **extra}


# Common cases of test_deny_policy, test_deny_overrides, test_deny_without_match and test_with_condition in
# engine/ladon/rego/{exact,glob,regex}/main_test.rego.
_COMMON_CASES = [
    (_req("2"), False),
    (_req("3"), False),
    (
        {"resource": "unknown", "subject": "unknown", "action": "unknown", "context": {"unknown": "unknown"}},
        False,
    ),
    (_req("1", context={"foobar": "the-value-should-be-this"}), True),
    (_req("1", context={"foobar": "not-the-value-should-be-this"}), False),
    (_req("1", context={"not-foobar": "the-value-should-be-this"}), False),
    (_req("1", context={"foobar": 1234}), False),
    (_req("1", context={}), False),
    (_req("1"), False),
]


@pytest.mark.parametrize("flavor", ["exact", "glob", "regex"])
@pytest.mark.parametrize(("request_", "expected"), _COMMON_CASES)
def test_keto_common_cases(flavor: str, request_: dict[str, Any], expected: bool) -> None:
    assert allowed(flavor, _COMMON, request_) is expected


# engine/ladon/rego/exact/main_test.rego
_EXACT = [*_COMMON, _pol("4", "4"), {**_pol("6", "6"), "subjects": ["subjects:6", "roles:6"]}]
_EXACT_CASES = [
    # test_allow_policy
    (_req("4"), [], True),
    # test_allow_policy_role
    (_req("6"), [], True),
    (
        {"resource": "articles:6", "subject": "role-subject", "action": "actions:6"},
        [{"id": "roles:6", "members": ["other-role", "role-subject"]}],
        True,
    ),
    # not in the upstream file: exact is exact (case-sensitive, no patterns)
    ({"resource": "Articles:4", "subject": "subjects:4", "action": "actions:4"}, [], False),
    ({"resource": "articles:<4>", "subject": "subjects:4", "action": "actions:4"}, [], False),
]


@pytest.mark.parametrize(("request_", "roles", "expected"), _EXACT_CASES)
def test_keto_exact(request_: dict[str, Any], roles: list[dict[str, Any]], expected: bool) -> None:
    assert allowed("exact", _EXACT, request_, roles) is expected


# engine/ladon/rego/regex/main_test.rego
_REGEX = [
    *_COMMON,
    {
        "id": "4",
        "resources": ["articles:<4|44>"],
        "subjects": ["subjects:<4|44>"],
        "actions": ["actions:<4|44>"],
        "effect": "allow",
    },
    {
        "id": "6",
        "resources": ["articles:6"],
        "subjects": ["<subjects|groups>:6"],
        "actions": ["actions:6"],
        "effect": "allow",
    },
]
_REGEX_CASES = [
    # test_allow_policy
    (_req("4"), [], True),
    (_req("44"), [], True),
    (_req("454"), [], False),
    # test_allow_group_policy
    (_req("6"), [], True),
    ({"resource": "articles:6", "subject": "groups:6", "action": "actions:6"}, [], True),
    (
        {"resource": "articles:6", "subject": "group-subject", "action": "actions:6"},
        [{"id": "groups:6", "members": ["group-subject"]}],
        True,
    ),
    (
        {"resource": "articles:6", "subject": "not-group-subject", "action": "actions:6"},
        [{"id": "groups:6", "members": ["group-subject"]}],
        False,
    ),
    (
        {"resource": "articles:6", "subject": "group-subject", "action": "actions:6"},
        [{"id": "not-groups", "members": ["group-subject"]}],
        False,
    ),
]


@pytest.mark.parametrize(("request_", "roles", "expected"), _REGEX_CASES)
def test_keto_regex(request_: dict[str, Any], roles: list[dict[str, Any]], expected: bool) -> None:
    assert allowed("regex", _REGEX, request_, roles) is expected


# engine/ladon/rego/glob/main_test.rego
_GLOB = [
    *_COMMON,
    {
        "id": "4",
        "resources": ["articles:?4"],
        "subjects": ["subjects:?4"],
        "actions": ["actions:?4"],
        "effect": "allow",
    },
    {
        "id": "6",
        "resources": ["articles:6"],
        "subjects": ["{subjects,groups}:6"],
        "actions": ["actions:6"],
        "effect": "allow",
    },
    {
        "id": "7",
        "resources": ["articles:?:7"],
        "subjects": ["subjects:*:7"],
        "actions": ["actions:**:7"],
        "effect": "allow",
    },
    {
        "id": "8",
        "resources": ["articles:[cb]at:8"],
        "subjects": ["subjects:[a-c]at:8"],
        "actions": ["actions:[!cb]a[!x-z]:8"],
        "effect": "allow",
    },
    {
        "id": "9",
        "resources": ["articles:foo**{bar,baz}:9"],
        "subjects": ["subjects:{?at,d*g}:9"],
        "actions": ["actions:{[cbm]at,d[!j-n]g}:9"],
        "effect": "allow",
    },
]


def _g(resource: str, subject: str, action: str) -> dict[str, str]:
    return {
        "resource": f"articles:{resource}",
        "subject": f"subjects:{subject}",
        "action": f"actions:{action}",
    }


_GLOB_CASES = [
    # test_allow_policy
    (_g("44", "44", "44"), [], True),
    (_g("54", "54", "54"), [], True),
    (_g("45", "45", "45"), [], False),
    (_g("4", "4", "4"), [], False),
    (_g("454", "454", "454"), [], False),
    # test_allow_group_policy
    (_g("6", "6", "6"), [], True),
    ({"resource": "articles:6", "subject": "groups:6", "action": "actions:6"}, [], True),
    (
        {"resource": "articles:6", "subject": "group-subject", "action": "actions:6"},
        [{"id": "groups:6", "members": ["group-subject"]}],
        True,
    ),
    (
        {"resource": "articles:6", "subject": "not-group-subject", "action": "actions:6"},
        [{"id": "groups:6", "members": ["group-subject"]}],
        False,
    ),
    (
        {"resource": "articles:6", "subject": "group-subject", "action": "actions:6"},
        [{"id": "not-groups", "members": ["group-subject"]}],
        False,
    ),
    # test_allow_wildcards
    (_g("a:7", "a:7", "a:7"), [], True),
    (_g("a:7", "ab:7", "a:7"), [], True),
    (_g("a:7", "a:7", "ab:7"), [], True),
    (_g("a:7", "a:7", "a:b:7"), [], True),
    # `actions:**:7` matches `actions:7`: gobwas/glob's PrefixSuffix matcher lets prefix and suffix overlap.
    ({"resource": "articles:a:7", "subject": "subjects:a:7", "action": "actions:7"}, [], True),
    (_g("ab:7", "a:7", "a:7"), [], False),
    (_g("a:7", "a:b:7", "a:7"), [], False),
    # test_allow_lists
    (_g("cat:8", "cat:8", "tat:8"), [], True),
    (_g("bat:8", "bat:8", "dad:8"), [], True),
    (_g("dat:8", "cat:8", "tat:8"), [], False),
    (_g("cat:8", "dat:8", "tat:8"), [], False),
    (_g("cat:8", "cat:8", "cat:8"), [], False),
    (_g("cat:8", "cat:8", "tay:8"), [], False),
    (_g("cay:8", "cat:8", "tat:8"), [], False),
    # test_allow_combinations
    (_g("foobar:9", "cat:9", "cat:9"), [], True),
    (_g("foobarbaz:9", "doooog:9", "dig:9"), [], True),
    (_g("foo:bar::quux:baz:9", "dg:9", "dig:9"), [], True),
    (_g("foo:9", "cat:9", "cat:9"), [], False),
    (_g("foobard:9", "cat:9", "cat:9"), [], False),
    (_g("foobar:9", "at:9", "cat:9"), [], False),
    (_g("foobar:9", "catdog:9", "cat:9"), [], False),
    (_g("foobar:9", "cat:9", "catdog:9"), [], False),
    (_g("foobar:9", "cat:9", "doog:9"), [], False),
]


@pytest.mark.parametrize(("request_", "roles", "expected"), _GLOB_CASES)
def test_keto_glob(request_: dict[str, Any], roles: list[dict[str, Any]], expected: bool) -> None:
    assert allowed("glob", _GLOB, request_, roles) is expected


@pytest.mark.parametrize("flavor", ["exact", "glob", "regex"])
def test_unknown_condition_from_keto_tests_is_rejected(flavor: str) -> None:
    # Policy "5" of the main_test.rego files: {"foobar": {"type": "InvalidCondition"}}. Keto stored it and
    # never matched it (test_with_unknown_condition); this engine refuses it up front.
    from core.errors import InvalidInput

    doc = _pol("5", "5", conditions={"foobar": {"type": "InvalidCondition"}})
    with pytest.raises(InvalidInput, match="InvalidCondition"):
        validate_policy(flavor, doc)


# ladon ladon_test.go, TestLadon (regex flavor, ladon's only one). Conditions converted to Keto's JSON form.
_LADON_TEST_POLICIES: list[dict[str, Any]] = [
    {
        "id": "68819e5a-738b-41ec-b03c-b58a1b19d043",
        "description": "something humanly readable",
        "subjects": ["max", "peter", "<zac|ken>"],
        "resources": [
            "myrn:some.domain.com:resource:123",
            "myrn:some.domain.com:resource:345",
            "myrn:something:foo:<.+>",
        ],
        "actions": ["<create|delete>", "get"],
        "effect": "allow",
        "conditions": {
            "owner": {"type": "EqualsSubjectCondition", "options": {}},
            "clientIP": {"type": "CIDRCondition", "options": {"cidr": "127.0.0.1/32"}},
        },
    },
    {
        "id": "38819e5a-738b-41ec-b03c-b58a1b19d041",
        "subjects": ["max"],
        "actions": ["update"],
        "resources": ["<.*>"],
        "effect": "allow",
    },
    {
        "id": "38919e5a-738b-41ec-b03c-b58a1b19d041",
        "subjects": ["max"],
        "actions": ["broadcast"],
        "resources": ["<.*>"],
        "effect": "deny",
    },
]
_R123 = "myrn:some.domain.com:resource:123"
_LADON_TEST_CASES = [
    # "should fail because client ip mismatch"
    (
        {
            "subject": "peter",
            "action": "delete",
            "resource": _R123,
            "context": {"owner": "peter", "clientIP": "0.0.0.0"},
        },
        False,
    ),
    # "should fail because subject is not owner"
    (
        {
            "subject": "peter",
            "action": "delete",
            "resource": _R123,
            "context": {"owner": "zac", "clientIP": "127.0.0.1"},
        },
        False,
    ),
    # "should pass because policy is satisfied"
    (
        {
            "subject": "peter",
            "action": "delete",
            "resource": _R123,
            "context": {"owner": "peter", "clientIP": "127.0.0.1"},
        },
        True,
    ),
    # "should pass because max is allowed to update all resources"
    ({"subject": "max", "action": "update", "resource": _R123}, True),
    # "should pass because max is allowed to update all resource, even if none is given"
    ({"subject": "max", "action": "update", "resource": ""}, True),
    # "should be rejected"
    ({"subject": "max", "action": "broadcast", "resource": _R123}, False),
    # "should be rejected"
    ({"subject": "max", "action": "broadcast"}, False),
    # TestLadonEmpty: an empty request is denied
    ({}, False),
]


@pytest.mark.parametrize(("request_", "expected"), _LADON_TEST_CASES)
def test_ladon_test_go(request_: dict[str, Any], expected: bool) -> None:
    assert allowed("regex", _LADON_TEST_POLICIES, request_) is expected


# ladon README.md, "Policies": the example policy (with its POSIX-class resource) and the README's
# "Access Control (Warden)" request, plus variations of it.
_README_POLICY = {
    "id": "68819e5a-738b-41ec-b03c-b58a1b19d043",
    "description": "something humanly readable",
    "subjects": ["max", "peter", "<zac|ken>"],
    "resources": [
        "myrn:some.domain.com:resource:123",
        "myrn:some.domain.com:resource:345",
        "myrn:something:foo:<.+>",
        "myrn:some.domain.com:resource:<[[:digit:]]+>",
    ],
    "actions": ["<create|delete>", "get"],
    "effect": "allow",
    "conditions": {
        "resourceOwner": {"type": "EqualsSubjectCondition", "options": {}},
        "remoteIPAddress": {"type": "CIDRCondition", "options": {"cidr": "127.0.0.1/32"}},
    },
}
_OK_CONTEXT = {"resourceOwner": "peter", "remoteIPAddress": "127.0.0.1"}
_README_CASES = [
    ({"subject": "peter", "action": "delete", "resource": _R123, "context": _OK_CONTEXT}, True),
    (
        {"subject": "peter", "action": "get", "resource": "myrn:something:foo:bar", "context": _OK_CONTEXT},
        True,
    ),
    ({"subject": "peter", "action": "get", "resource": "myrn:something:foo:", "context": _OK_CONTEXT}, False),
    (
        {
            "subject": "peter",
            "action": "get",
            "resource": "myrn:some.domain.com:resource:9",
            "context": _OK_CONTEXT,
        },
        True,
    ),
    (
        {
            "subject": "peter",
            "action": "get",
            "resource": "myrn:some.domain.com:resource:x",
            "context": _OK_CONTEXT,
        },
        False,
    ),
    ({"subject": "peter", "action": "update", "resource": _R123, "context": _OK_CONTEXT}, False),
    (
        {
            "subject": "ken",
            "action": "create",
            "resource": _R123,
            "context": {"resourceOwner": "ken", "remoteIPAddress": "127.0.0.1"},
        },
        True,
    ),
    # The literal part is escaped: "." in "some.domain.com" is not a wildcard.
    (
        {
            "subject": "peter",
            "action": "get",
            "resource": "myrn:someXdomain.com:resource:123",
            "context": _OK_CONTEXT,
        },
        False,
    ),
    # Anchored: a pattern part must match the whole subject.
    (
        {
            "subject": "kenny",
            "action": "get",
            "resource": _R123,
            "context": {"resourceOwner": "kenny", "remoteIPAddress": "127.0.0.1"},
        },
        False,
    ),
    (
        {
            "subject": "peter",
            "action": "delete",
            "resource": _R123,
            "context": {"resourceOwner": "peter", "remoteIPAddress": "127.0.0.2"},
        },
        False,
    ),
]


@pytest.mark.parametrize(("request_", "expected"), _README_CASES)
def test_ladon_readme(request_: dict[str, Any], expected: bool) -> None:
    assert allowed("regex", [_README_POLICY], request_) is expected


# Keto v0.5 engine/ladon/rego/condition/*.rego, the test_condition_* rules:
# (type, options, key, request, expected).
_CONDITION_CASES = [
    # string_equal.rego
    (
        "StringEqualCondition",
        {"equals": "the-value-should-be-this"},
        "foobar",
        {"context": {"foobar": "the-value-should-be-this"}},
        True,
    ),
    (
        "StringEqualCondition",
        {"equals": "the-value-should-be-this"},
        "foobar",
        {"context": {"not-foobar": "the-value-should-be-this"}},
        False,
    ),
    (
        "StringEqualCondition",
        {"equals": "not-the-value-should-be-this"},
        "foobar",
        {"context": {"foobar": "the-value-should-be-this"}},
        False,
    ),
    (
        "StringEqualCondition",
        {"equals": "not-the-value-should-be-this"},
        "foobar",
        {"context": {"foobar": 1234}},
        False,
    ),
    # string_match.rego (re_match is unanchored)
    ("StringMatchCondition", {"matches": ".*"}, "foobar", {"context": {"foobar": "abc"}}, True),
    ("StringMatchCondition", {"matches": "abc.*"}, "foobar", {"context": {"foobar": "abc"}}, True),
    ("StringMatchCondition", {"matches": ".+"}, "foobar", {"context": {"not-foobar": "abc"}}, False),
    ("StringMatchCondition", {"matches": "abc.+"}, "foobar", {"context": {"foobar": "abc"}}, False),
    # string_pairs_equal.rego
    ("StringPairsEqualCondition", {}, "foobar", {"context": {}}, False),
    ("StringPairsEqualCondition", {}, "foobar", {"context": {"foobar": []}}, False),
    ("StringPairsEqualCondition", {}, "foobar", {"context": {"foobar": [[]]}}, False),
    ("StringPairsEqualCondition", {}, "foobar", {"context": {"foobar": [["1"]]}}, False),
    ("StringPairsEqualCondition", {}, "foobar", {"context": {"foobar": [["1", "2"]]}}, False),
    ("StringPairsEqualCondition", {}, "foobar", {"context": {"foobar": [["1", "1", "2"]]}}, False),
    ("StringPairsEqualCondition", {}, "foobar", {"context": {"foobar": [["1", "1"], ["2", "3"]]}}, False),
    ("StringPairsEqualCondition", {}, "foobar", {"context": {"foobar": [["1", "1"], ["2", "2"]]}}, True),
    ("StringPairsEqualCondition", {}, "foobar", {"context": {"foobar": [["1", "1"]]}}, True),
    # string_subject_equal.rego
    (
        "EqualsSubjectCondition",
        {},
        "foobar",
        {"subject": "some-subject", "context": {"foobar": "some-subject"}},
        True,
    ),
    (
        "EqualsSubjectCondition",
        {},
        "foobar",
        {"subject": "some-subject", "context": {"foobar": "not-some-subject"}},
        False,
    ),
    (
        "EqualsSubjectCondition",
        {},
        "foobar",
        {"subject": "some-subject", "context": {"not-foobar": "some-subject"}},
        False,
    ),
    # cidr.rego
    ("CIDRCondition", {"cidr": "192.168.178.0/16"}, "foobar", {"context": {"foobar": "192.168.178.0"}}, True),
    ("CIDRCondition", {"cidr": "192.168.178.0/16"}, "foobar", {"context": {"foobar": "192.168.178.1"}}, True),
    ("CIDRCondition", {"cidr": "192.168.178.0/16"}, "foobar", {"context": {"foobar": "92.168.178.1"}}, False),
    (
        "CIDRCondition",
        {"cidr": "192.168.178.0/16"},
        "foobar2",
        {"context": {"foobar": "192.168.178.1"}},
        False,
    ),
    (
        "CIDRCondition",
        {"cidr": "192.168.178.0/16"},
        "foobar",
        {"context": {"foobar2": "192.168.178.1"}},
        False,
    ),
    # boolean.rego
    ("BooleanCondition", {"value": False}, "foobar", {"context": {"foobar": False}}, True),
    ("BooleanCondition", {"value": True}, "foobar", {"context": {"foobar": True}}, True),
    ("BooleanCondition", {"value": True}, "foobar", {"context": {"foobar": False}}, False),
    ("BooleanCondition", {"value": False}, "foobar", {"context": {"foobar": True}}, False),
    ("BooleanCondition", {"value": False}, "foobar", {"context": {"not-foobar": True}}, False),
    # resource_contains.rego (reads the request's resource, not the context)
    ("ResourceContainsCondition", {"delimiter": ":", "value": "foo:ba"}, "", {"resource": "foo:bar"}, False),
    ("ResourceContainsCondition", {"delimiter": ":", "value": "foo:bar"}, "", {"resource": "foo:bar"}, True),
    (
        "ResourceContainsCondition",
        {"delimiter": ":", "value": "foo:bar"},
        "",
        {"resource": "foo:bar:baz"},
        True,
    ),
    (
        "ResourceContainsCondition",
        {"delimiter": ":", "value": "foo:baz"},
        "",
        {"resource": "foo:bar:baz"},
        False,
    ),
    (
        "ResourceContainsCondition",
        {"delimiter": ":", "value": "bar:baz"},
        "",
        {"resource": "foo:bar:baz"},
        True,
    ),
    ("ResourceContainsCondition", {"delimiter": ":", "value": "bar"}, "", {"resource": "foo:bar:baz"}, True),
    ("ResourceContainsCondition", {"delimiter": ":", "value": "bar"}, "", {"resource": "baz:foo:baz"}, False),
    ("ResourceContainsCondition", {"value": "foo:ba"}, "", {"resource": "foo:bar"}, True),
    ("ResourceContainsCondition", {"value": "foo:bar"}, "", {"resource": "foo:bar"}, True),
    ("ResourceContainsCondition", {"value": "foo:bar"}, "", {"resource": "foo:bar:baz"}, True),
    ("ResourceContainsCondition", {"value": "foo:bar"}, "", {"resource": "foo:baz"}, False),
    ("ResourceContainsCondition", {"value": "bar:baz"}, "", {"resource": "foo:bar:baz"}, True),
    ("ResourceContainsCondition", {"value": "foo:baz"}, "", {"resource": "foo:bar:baz"}, False),
    ("ResourceContainsCondition", {"value": "bar"}, "", {"resource": "foo:bar:baz"}, True),
    ("ResourceContainsCondition", {"value": "bar"}, "", {"resource": "baz:foo:baz"}, False),
    ("ResourceContainsCondition", {"value": "", "delimiter": ":"}, "", {"resource": "abc"}, False),
    # time_interval.rego (added to Keto v0.5 by ory/keto#386)
    ("TimeInterval", {"after": 1, "before": 5}, "time", {"context": {"time": 2}}, True),
    ("TimeInterval", {"after": 5, "before": 20}, "time", {"context": {"time": 5}}, True),
    ("TimeInterval", {"after": 5, "before": 20}, "time", {"context": {"time": 4}}, False),
    ("TimeInterval", {"after": 5, "before": 20}, "time", {"context": {"time": 20}}, False),
]


@pytest.mark.parametrize("flavor", ["exact", "glob", "regex"])
@pytest.mark.parametrize(("ctype", "options", "key", "request_", "expected"), _CONDITION_CASES)
def test_keto_conditions(
    flavor: str, ctype: str, options: dict[str, Any], key: str, request_: dict[str, Any], expected: bool
) -> None:
    subject = request_.get("subject", "s")
    resource = request_.get("resource", "r")
    policy = {
        "id": "p",
        "subjects": [subject],
        "resources": [resource],
        "actions": ["a"],
        "effect": "allow",
        "conditions": {key: {"type": ctype, "options": options}},
    }
    req = {"subject": subject, "resource": resource, "action": "a", "context": request_.get("context", {})}
    assert allowed(flavor, [policy], req) is expected
