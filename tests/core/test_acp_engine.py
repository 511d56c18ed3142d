"""core.acp: validation, pattern flavors, decisions, the index, and linear-time matching."""

from __future__ import annotations

from typing import Any

import pytest

import core.acp.engine as engine_module
from core.acp import FLAVORS, AcpPolicy, CompiledPolicySet, Decision, validate_policy
from core.acp.conditions import conditions_fulfilled
from core.acp.patterns import compile_pattern
from core.errors import InvalidInput


def policy(
    pid: str = "p",
    *,
    effect: str = "allow",
    subjects=("s",),
    resources=("r",),
    actions=("a",),
    conditions: dict[str, Any] | None = None,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": pid,
        "subjects": list(subjects),
        "resources": list(resources),
        "actions": list(actions),
        "effect": effect,
    }
    if conditions is not None:
        doc["conditions"] = conditions
    return doc


def compile_docs(flavor: str, *docs: dict[str, Any]) -> CompiledPolicySet:
    return CompiledPolicySet.compile(flavor, [validate_policy(flavor, d) for d in docs])


def matches(flavor: str, pattern: str, value: str) -> bool:
    """Whether ``pattern`` (used as the resource pattern) matches ``value``."""
    compiled = compile_docs(flavor, policy(resources=[pattern]))
    return compiled.decide("s", value, "a", {}).allowed


# ------------------------------------------------------------------------------------------ validation


def test_flavors_constant() -> None:
    assert FLAVORS == ("exact", "glob", "regex")


def test_validate_policy_returns_frozen_policy() -> None:
    conditions: dict[str, dict[str, Any]] = {
        "ip": {"type": "CIDRCondition", "options": {"cidr": "10.0.0.0/8"}}
    }
    doc = {**policy(subjects=["a", "b"], conditions=conditions), "description": "d", "meta": {"x": 1}}
    got = validate_policy("regex", doc)
    assert isinstance(got, AcpPolicy)
    assert got.id == "p"
    assert got.description == "d"
    assert got.subjects == ("a", "b")
    assert got.resources == ("r",)
    assert got.actions == ("a",)
    assert got.effect == "allow"
    assert got.conditions == conditions
    conditions["ip"]["options"]["cidr"] = "changed"  # the policy holds its own copy
    assert got.conditions["ip"]["options"]["cidr"] == "10.0.0.0/8"
    with pytest.raises(AttributeError):
        got.id = "other"  # type: ignore[misc]


def test_validate_policy_defaults() -> None:
    got = validate_policy("exact", {"id": "x", "effect": "deny"})
    assert (got.description, got.subjects, got.resources, got.actions, dict(got.conditions)) == (
        "",
        (),
        (),
        (),
        {},
    )
    # A policy without subjects matches nothing.
    assert not CompiledPolicySet.compile("exact", [got]).decide("", "", "", {}).matched


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        ({"effect": "allow"}, "id"),
        ({"id": "", "effect": "allow"}, "id"),
        ({"id": 3, "effect": "allow"}, "id"),
        ({"id": "x", "effect": "Allow"}, "effect"),
        ({"id": "x"}, "effect"),
        ({"id": "x", "effect": "allow", "description": 1}, "description"),
        ({"id": "x", "effect": "allow", "subjects": "s"}, "subjects"),
        ({"id": "x", "effect": "allow", "resources": [1]}, "resources"),
        ({"id": "x", "effect": "allow", "actions": [None]}, "actions"),
        ({"id": "x", "effect": "allow", "conditions": []}, "conditions"),
    ],
)
def test_invalid_documents(doc: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as info:
        validate_policy("exact", doc)
    assert info.value.field == field
    assert field in info.value.message


def test_unknown_flavor() -> None:
    with pytest.raises(InvalidInput, match="flavor"):
        validate_policy("prefix", policy())
    with pytest.raises(InvalidInput, match="flavor"):
        CompiledPolicySet.compile("prefix", [])


def test_not_an_object() -> None:
    with pytest.raises(InvalidInput):
        validate_policy("exact", ["id"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("flavor", "pattern"),
    [
        ("regex", "articles:<[>"),  # bad regular expression
        ("regex", "articles:<a"),  # unbalanced delimiters
        ("regex", "a>b<c>"),
        ("regex", "<a)(b>"),  # ladon compiles each part as ^part$ on its own, which rejects this
        ("regex", "<(?!protected).*>"),  # no lookahead in RE2 (nor in Go's regexp)
        ("regex", "<a{1001}>"),  # repetition limit
        ("glob", "[]"),
        ("glob", "[!]"),
        ("glob", "a[bc"),
        ("glob", "[z-a]"),
        ("glob", "[a-cx-z]"),
        ("glob", "{a,b"),
        ("glob", "a\\"),
        ("exact", "\ud800"),  # not encodable as UTF-8
    ],
)
def test_invalid_patterns(flavor: str, pattern: str) -> None:
    with pytest.raises(InvalidInput) as info:
        validate_policy(flavor, policy(resources=[pattern]))
    assert info.value.field == "resources"
    assert "resources" in info.value.message


def test_invalid_pattern_message_names_it() -> None:
    with pytest.raises(InvalidInput, match=r"articles:<\[>"):
        validate_policy("regex", policy(subjects=["articles:<[>"]))


@pytest.mark.parametrize(
    "conditions",
    [
        {"k": {"type": "NoSuchCondition"}},
        {"k": {"options": {}}},
        {"k": "StringEqualCondition"},
        {"k": {"type": "StringEqualCondition", "options": []}},
        {"k": {"type": "StringEqualCondition", "options": {}}},
        {"k": {"type": "StringEqualCondition", "options": {"equals": 1}}},
        {"k": {"type": "StringMatchCondition", "options": {"matches": "("}}},
        {"k": {"type": "StringMatchCondition", "options": {}}},
        {"k": {"type": "CIDRCondition", "options": {"cidr": "10.0.0.1"}}},
        {"k": {"type": "CIDRCondition", "options": {"cidr": "not-an-ip/8"}}},
        {"k": {"type": "CIDRCondition", "options": {"cidr": "10.0.0.0/33"}}},
        {"k": {"type": "BooleanCondition", "options": {"value": "true"}}},
        {"k": {"type": "BooleanCondition"}},
        {"k": {"type": "ResourceContainsCondition", "options": {"delimiter": ":"}}},
        {"k": {"type": "ResourceContainsCondition", "options": {"value": "x", "delimiter": 1}}},
        {"k": {"type": "TimeInterval", "options": {"after": 1}}},
        {"k": {"type": "TimeInterval", "options": {"after": True, "before": 3}}},
    ],
)
def test_invalid_conditions(conditions: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput) as info:
        validate_policy("exact", policy(conditions=conditions))
    assert info.value.field == "conditions.k"


def test_unknown_condition_type_is_named() -> None:
    with pytest.raises(InvalidInput, match="NoSuchCondition"):
        validate_policy("glob", policy(conditions={"k": {"type": "NoSuchCondition", "options": {}}}))


def test_null_options_and_conditions_are_empty() -> None:
    got = validate_policy("exact", {**policy(), "conditions": None})
    assert dict(got.conditions) == {}
    validate_policy("exact", policy(conditions={"k": {"type": "EqualsSubjectCondition", "options": None}}))


def test_compile_rejects_duplicate_ids() -> None:
    p = validate_policy("exact", policy())
    with pytest.raises(InvalidInput, match="duplicate"):
        CompiledPolicySet.compile("exact", [p, p])


def test_compile_revalidates_patterns_for_its_flavor() -> None:
    # Valid as an exact pattern, not as a glob.
    p = validate_policy("exact", policy(resources=["[abc"]))
    with pytest.raises(InvalidInput):
        CompiledPolicySet.compile("glob", [p])


# ---------------------------------------------------------------------------------------------- flavors


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("articles:1", "articles:1", True),
        ("articles:1", "Articles:1", False),  # Rego == is case-sensitive
        ("articles:*", "articles:1", False),  # no wildcards
        ("articles:<.*>", "articles:1", False),
        ("", "", True),
    ],
)
def test_exact(pattern: str, value: str, expected: bool) -> None:
    assert matches("exact", pattern, value) is expected


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("articles:<[0-9]+>", "articles:123", True),
        ("articles:<[0-9]+>", "articles:123x", False),  # anchored at the end
        ("articles:<[0-9]+>", "xarticles:123", False),  # and at the start
        ("articles:<[0-9]+>", "ARTICLES:123", False),  # case-sensitive, as ladon
        ("articles:<(?i)abc>", "articles:ABC", True),  # unless the pattern asks for it
        ("a.b:<.*>", "a.b:", True),
        ("a.b:<.*>", "axb:", False),  # literal parts are escaped
        ("(x)+:<.*>", "(x)+:y", True),
        ("<a|b>c", "bc", True),  # each part is a group: `(a|b)c`, not `a|bc`
        ("<a|b>c", "a", False),
        ("<a<b>c>", "a<b>c", True),  # nested delimiters belong to the outer part: regex `a<b>c`
        ("<a<b>c>", "abc", False),
        ("<.*>", "", True),
        ("<.*>", "line\nbreak", False),  # `.` does not match a newline (Go regexp, RE2)
        ("<(?s).*>", "line\nbreak", True),
        ("x>y", "x>y", True),  # no '<': a plain string, as ladon's matcher_regexp.go
        ("<[[:digit:]]+>", "42", True),
        ("<\\d+>:<\\w+>", "42:ab_c", True),
        ("<é+>", "ééé", True),
        ("<.>", "é", True),  # one character, not one byte
    ],
)
def test_regex(pattern: str, value: str, expected: bool) -> None:
    assert matches("regex", pattern, value) is expected


def test_regex_nested_delimiters_are_part_of_the_regex() -> None:
    assert compile_pattern("regex", "<a<b>c>").regex == "^(a<b>c)$"
    assert matches("regex", "<a<b>c>", "a<b>c")


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("a:*", "a:bc", True),
        ("a:*", "a:", True),
        ("a:*", "a:b:c", False),  # `*` stops at the separator
        ("a:**", "a:b:c", True),  # `**` does not
        ("a:**", "a:b\nc", True),
        ("a:?", "a:b", True),
        ("a:?", "a::", False),  # `?` is not the separator
        ("a:?", "a:", False),
        ("a:?", "a:é", True),
        ("a:[!b]", "a::", True),  # classes may match the separator, as gobwas
        ("a:[bc]", "a:c", True),
        ("a:[bc]", "a:d", False),
        ("a:[a-c]", "a:b", True),
        ("a:[!a-c]", "a:b", False),
        ("{a,b}:x", "b:x", True),
        ("{a,b}:x", "c:x", False),
        ("{a,}:x", ":x", True),  # an empty alternative
        ("{a,{b,c}d}", "cd", True),  # nested groups
        ("{a*,b}", "a:b", False),
        ("a,b}", "a,b}", True),  # outside a group `,` and `}` are plain
        ("a]", "a]", True),
        ("a\\*", "a*", True),  # escaped
        ("a\\*", "ab", False),
        ("[\\]]", "]", True),
        ("A*", "a", False),  # case-sensitive
        ("a.b*", "a.bc", True),  # regex characters are literal
        ("a.b*", "axbc", False),
        ("(a|b)*", "(a|b)", True),
        ("", "", True),
        ("", "a", False),
        # gobwas/glob's PrefixSuffix overlap (Keto's glob main_test.rego relies on it): `p**s` matches any
        # string starting with p and ending with s, even when they overlap.
        ("ab**ba", "aba", True),
        ("ab**ba", "abba", True),
        ("ab**ba", "ab", False),
        ("x**yz", "xyz", True),
        ("a:***:b", "a:b", True),  # `***` is `**` then `*`, glued into `**`
    ],
)
def test_glob(pattern: str, value: str, expected: bool) -> None:
    assert matches("glob", pattern, value) is expected


def test_literal_patterns_skip_the_automata() -> None:
    docs = [
        policy("1", subjects=["users:1"], resources=["a:b"], actions=["get"]),
        policy("2", subjects=["users:<[0-9]+>"], resources=["a:c"], actions=["get"]),
    ]
    compiled = compile_docs("regex", *docs)
    assert compiled.automaton_patterns() == {"subjects": 1, "resources": 0, "actions": 0}
    glob = compile_docs("glob", policy(subjects=["a\\*b", "x*"]))
    assert glob.automaton_patterns()["subjects"] == 1
    assert glob.decide("a*b", "r", "a", {}).allowed
    exact = compile_docs("exact", policy(subjects=["<.*>"]))
    assert exact.automaton_patterns() == {"subjects": 0, "resources": 0, "actions": 0}


# -------------------------------------------------------------------------------------------- decisions


def test_decision_deny_overrides_and_reports_policies() -> None:
    compiled = compile_docs(
        "glob",
        policy("allow-1", resources=["articles:*"]),
        policy("deny-1", effect="deny", resources=["articles:secret"]),
        policy("allow-2", resources=["articles:**"]),
        policy("deny-2", effect="deny", resources=["**"]),
        policy("other", subjects=["someone-else"], resources=["**"]),
    )
    # Order of the policies given to compile, not of evaluation.
    assert compiled.decide("s", "articles:secret", "a", {}) == Decision(
        allowed=False, matched=("allow-1", "deny-1", "allow-2", "deny-2"), deciding="deny-1"
    )
    assert compiled.decide("s", "articles:public", "a", {}) == Decision(
        allowed=False, matched=("allow-1", "allow-2", "deny-2"), deciding="deny-2"
    )
    allow_only = compile_docs("glob", policy("a1", resources=["x:*"]), policy("a2", resources=["x:**"]))
    assert allow_only.decide("s", "x:y", "a", {}) == Decision(
        allowed=True, matched=("a1", "a2"), deciding="a1"
    )
    assert allow_only.decide("s", "nothing", "a", {}) == Decision(allowed=False, matched=(), deciding=None)


def test_conditions_gate_deny_too() -> None:
    compiled = compile_docs(
        "exact",
        policy("allow"),
        policy(
            "deny",
            effect="deny",
            conditions={"blocked": {"type": "BooleanCondition", "options": {"value": True}}},
        ),
    )
    assert compiled.decide("s", "r", "a", {"blocked": True}).allowed is False
    assert compiled.decide("s", "r", "a", {"blocked": False}).allowed is True
    assert compiled.decide("s", "r", "a", {}).deciding == "allow"


def test_all_conditions_must_hold() -> None:
    compiled = compile_docs(
        "exact",
        policy(
            conditions={
                "owner": {"type": "EqualsSubjectCondition"},
                "ip": {"type": "CIDRCondition", "options": {"cidr": "10.0.0.0/8"}},
            }
        ),
    )
    assert compiled.decide("s", "r", "a", {"owner": "s", "ip": "10.1.2.3"}).allowed
    assert not compiled.decide("s", "r", "a", {"owner": "s", "ip": "11.1.2.3"}).allowed
    assert not compiled.decide("s", "r", "a", {"owner": "t", "ip": "10.1.2.3"}).allowed
    assert not compiled.decide("s", "r", "a", {"ip": "10.1.2.3"}).allowed


@pytest.mark.parametrize("flavor", FLAVORS)
def test_roles_match_policy_subjects_by_role_id(flavor: str) -> None:
    compiled = compile_docs(flavor, policy("p", subjects=["roles:admin"]))
    assert compiled.decide("alice", "r", "a", {}, roles_of_subject=["roles:admin"]).matched == ("p",)
    assert compiled.decide("alice", "r", "a", {}, roles_of_subject=("roles:user", "roles:admin")).allowed
    assert not compiled.decide("alice", "r", "a", {}, roles_of_subject=["roles:user"]).allowed
    assert not compiled.decide("alice", "r", "a", {}).allowed
    # A role grants subjects only, never resources or actions.
    assert not compiled.decide("alice", "roles:admin", "a", {}, roles_of_subject=["r"]).allowed


def test_roles_are_matched_by_patterns() -> None:
    compiled = compile_docs("regex", policy("p", subjects=["roles:<admin|ops>"]))
    assert compiled.decide("bob", "r", "a", {}, roles_of_subject=["roles:ops"]).allowed
    glob = compile_docs("glob", policy("p", subjects=["roles:*"]))
    assert glob.decide("bob", "r", "a", {}, roles_of_subject=iter(["roles:x"])).allowed


def test_role_deny_overrides_subject_allow() -> None:
    compiled = compile_docs(
        "exact", policy("allow", subjects=["bob"]), policy("deny", effect="deny", subjects=["g"])
    )
    assert compiled.decide("bob", "r", "a", {}, ["g"]) == Decision(False, ("allow", "deny"), "deny")


def test_condition_subject_is_the_request_subject_not_the_role() -> None:
    compiled = compile_docs(
        "exact", policy(subjects=["role"], conditions={"owner": {"type": "EqualsSubjectCondition"}})
    )
    assert compiled.decide("bob", "r", "a", {"owner": "bob"}, ["role"]).allowed
    assert not compiled.decide("bob", "r", "a", {"owner": "role"}, ["role"]).allowed


def test_roles_must_not_be_a_bare_string() -> None:
    compiled = compile_docs("exact", policy())
    with pytest.raises(TypeError):
        compiled.decide("x", "r", "a", {}, "s")


def test_non_string_request_fields_match_nothing() -> None:
    compiled = compile_docs("regex", policy(subjects=["<.*>"], resources=["<.*>"], actions=["<.*>"]))
    assert compiled.decide("s", "r", "a", {}).allowed
    assert not compiled.decide(None, "r", "a", {}).allowed  # type: ignore[arg-type]
    assert not compiled.decide("s", 1, "a", {}).allowed  # type: ignore[arg-type]
    assert compiled.decide("s", "r", "a", None).allowed  # type: ignore[arg-type]


def test_empty_policy_set() -> None:
    compiled = CompiledPolicySet.compile("regex", [])
    assert len(compiled) == 0
    assert compiled.decide("s", "r", "a", {}) == Decision(False, (), None)


def test_policies_and_flavor_are_exposed() -> None:
    docs = [policy("1"), policy("2")]
    compiled = compile_docs("glob", *docs)
    assert compiled.flavor == "glob"
    assert [p.id for p in compiled.policies] == ["1", "2"]
    assert len(compiled) == 2


def test_unicode_and_lone_surrogates_in_requests() -> None:
    compiled = compile_docs("regex", policy(subjects=["<.+>"], resources=["資源:<\\d+>"]))
    assert compiled.decide("誰", "資源:1", "a", {}).allowed
    assert not compiled.decide("誰", "資源:x", "a", {}).allowed
    # A lone surrogate (possible from JSON "\ud800") cannot be UTF-8; it must not raise.
    assert isinstance(compiled.decide("\ud800", "資源:1", "a", {}), Decision)


# -------------------------------------------------------------------------------------------- conditions


def _cond_allowed(
    ctype: str, options: dict[str, Any], context: dict[str, Any], *, subject: str = "s", resource: str = "r"
) -> bool:
    compiled = compile_docs(
        "exact",
        policy(
            subjects=[subject], resources=[resource], conditions={"k": {"type": ctype, "options": options}}
        ),
    )
    return compiled.decide(subject, resource, "a", context).allowed


@pytest.mark.parametrize(
    ("ctype", "options", "context", "expected"),
    [
        ("StringMatchCondition", {"matches": "b"}, {"k": "abc"}, True),  # unanchored
        ("StringMatchCondition", {"matches": "^b"}, {"k": "abc"}, False),
        ("StringMatchCondition", {"matches": "b"}, {"k": ["b"]}, False),
        ("StringMatchCondition", {"matches": "(a+)+$"}, {"k": "a" * 50_000 + "!"}, False),
        ("StringEqualCondition", {"equals": ""}, {"k": ""}, True),
        ("StringEqualCondition", {"equals": "x"}, {"k": None}, False),
        ("EqualsSubjectCondition", {}, {"k": 1}, False),
        ("CIDRCondition", {"cidr": "2001:db8::/32"}, {"k": "2001:db8::1"}, True),
        ("CIDRCondition", {"cidr": "2001:db8::/32"}, {"k": "10.0.0.1"}, False),
        ("CIDRCondition", {"cidr": "10.0.0.0/8"}, {"k": "::ffff:10.1.2.3"}, True),  # Go: IPv4-mapped
        ("CIDRCondition", {"cidr": "10.0.0.0/8"}, {"k": "not an ip"}, False),
        ("CIDRCondition", {"cidr": "10.0.0.0/8"}, {"k": 167772161}, False),
        ("CIDRCondition", {"cidr": "fe80::/10"}, {"k": "fe80::1%eth0"}, False),
        ("BooleanCondition", {"value": True}, {"k": 1}, False),
        ("BooleanCondition", {"value": False}, {"k": 0}, False),
        ("StringPairsEqualCondition", {}, {"k": [["a", "a"], "b"]}, False),
        ("StringPairsEqualCondition", {}, {"k": [[1, 1]]}, False),
        ("StringPairsEqualCondition", {}, {"k": "aa"}, False),
        ("TimeInterval", {"after": 1.5, "before": 2.5}, {"k": 2}, True),
        ("TimeInterval", {"after": 0, "before": 2}, {"k": True}, False),
        ("TimeInterval", {"after": 0, "before": 2}, {"k": "1"}, False),
    ],
)
def test_condition_types(
    ctype: str, options: dict[str, Any], context: dict[str, Any], expected: bool
) -> None:
    assert _cond_allowed(ctype, options, context) is expected


def test_resource_contains_ignores_the_context() -> None:
    options = {"value": "team-a", "delimiter": ":"}
    assert _cond_allowed("ResourceContainsCondition", options, {}, resource="orgs:team-a:doc")
    assert not _cond_allowed("ResourceContainsCondition", options, {}, resource="orgs:team-ab:doc")


# ---------------------------------------------------------------------------- linear time, and the index


@pytest.mark.parametrize("where", ["subjects", "resources", "actions"])
def test_catastrophic_backtracking_pattern_answers(where: str) -> None:
    # `(a+)+$` against "aaaa…!" takes exponential time on a backtracking engine; RE2 is linear.
    docs = {"subjects": ["s"], "resources": ["r"], "actions": ["a"], where: ["<(a+)+$>"]}
    compiled = compile_docs(
        "regex", policy(subjects=docs["subjects"], resources=docs["resources"], actions=docs["actions"])
    )
    request = {"subject": "s", "resource": "r", "action": "a"}
    key = {"subjects": "subject", "resources": "resource", "actions": "action"}[where]
    evil = "a" * 100_000 + "!"
    assert compiled.decide(**{**request, key: evil}, context={}).allowed is False
    assert compiled.decide(**{**request, key: "a" * 100_000}, context={}).allowed is True


def test_catastrophic_glob_answers() -> None:
    compiled = compile_docs("glob", policy(resources=["{*a,*a*}" * 10 + "b"]))
    assert compiled.decide("s", "a" * 100_000, "a", {}).allowed is False


def _many_policies(n: int) -> list[AcpPolicy]:
    docs = []
    for i in range(n):
        docs.append(
            {
                "id": f"p{i}",
                "subjects": [f"users:<{i}|admin-{i}>", f"groups:{i % 100}"],
                "resources": [f"tenants:{i}:articles:<[0-9]+>", f"tenants:{i}:profile"],
                "actions": ["<get|list>", f"custom:{i}"],
                "effect": "deny" if i % 7 == 0 else "allow",
                "conditions": {"ip": {"type": "CIDRCondition", "options": {"cidr": "10.0.0.0/8"}}},
            }
        )
    return [validate_policy("regex", d) for d in docs]


def test_ten_thousand_policies_are_narrowed_before_conditions(monkeypatch: pytest.MonkeyPatch) -> None:
    policies = _many_policies(10_000)
    compiled = CompiledPolicySet.compile("regex", policies)
    assert len(compiled) == 10_000
    # Distinct regex patterns per field go into the automata; literals do not.
    assert compiled.automaton_patterns() == {"subjects": 10_000, "resources": 10_000, "actions": 1}

    evaluated: list[int] = []
    real = conditions_fulfilled

    def counting(conditions: Any, context: Any, subject: str, resource: str) -> bool:
        evaluated.append(1)
        return real(conditions, context, subject, resource)

    monkeypatch.setattr(engine_module, "conditions_fulfilled", counting)

    assert compiled.candidates("users:4243", "tenants:4243:articles:17", "get") == ("p4243",)
    decision = compiled.decide("users:4243", "tenants:4243:articles:17", "get", {"ip": "10.0.0.1"})
    assert decision == Decision(True, ("p4243",), "p4243")
    assert len(evaluated) == 1

    evaluated.clear()
    # Through a role: groups:43 is a subject of p43, p143, …, p9943; only p4243 has the resource.
    decision = compiled.decide("carol", "tenants:4243:profile", "list", {"ip": "10.9.9.9"}, ["groups:43"])
    assert decision.matched == ("p4243",)
    assert len(evaluated) == 1

    evaluated.clear()
    # Deny (p700 is a deny policy: 700 % 7 == 0).
    assert compiled.decide(
        "users:admin-700", "tenants:700:profile", "custom:700", {"ip": "10.0.0.1"}
    ) == Decision(False, ("p700",), "p700")
    assert len(evaluated) == 1

    evaluated.clear()
    # The condition fails: evaluated once, nothing matched.
    assert compiled.decide("users:1", "tenants:1:profile", "get", {"ip": "192.168.0.1"}).matched == ()
    assert len(evaluated) == 1

    evaluated.clear()
    # Nothing matches all three fields: no condition is evaluated at all.
    assert compiled.decide("users:1", "tenants:2:profile", "get", {"ip": "10.0.0.1"}).matched == ()
    assert compiled.decide("users:1", "tenants:1:profile", "delete", {"ip": "10.0.0.1"}).matched == ()
    assert compiled.decide("nobody", "tenants:1:profile", "get", {"ip": "10.0.0.1"}).matched == ()
    assert evaluated == []

    # Many candidates on one field still intersect down: every policy lists the action pattern "<get|list>".
    assert compiled.candidates("groups:5", "tenants:105:profile", "get") == ("p105",)
    assert compiled.candidates("x", "tenants:5:profile", "get", ["groups:5"]) == ("p5",)


def test_index_splits_into_several_automata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module._PatternIndex, "CHUNK", 7)
    policies = _many_policies(50)
    compiled = CompiledPolicySet.compile("regex", policies)
    for i in range(50):
        assert compiled.candidates(f"users:{i}", f"tenants:{i}:articles:1", "get") == (f"p{i}",)


def test_index_falls_back_when_an_automaton_cannot_be_built(monkeypatch: pytest.MonkeyPatch) -> None:
    # A memory budget too small for any set forces the split down to single, individually run patterns.
    monkeypatch.setattr(engine_module._PatternIndex, "MAX_MEM", 1)
    compiled = compile_docs(
        "regex",
        policy("1", subjects=["<a.*>"]),
        policy("2", subjects=["<b.*>"]),
        policy("3", subjects=["<.*z>"]),
    )
    assert compiled.candidates("abz", "r", "a") == ("1", "3")


def _naive_decide(
    flavor: str, policies: list[AcpPolicy], subject: str, resource: str, action: str, roles: list[str]
) -> tuple[str, ...]:
    """Scan every policy and pattern one by one, as Keto's Rego does; the index must agree with it."""
    import re2

    def hit(patterns: tuple[str, ...], value: str) -> bool:
        for pattern in patterns:
            spec = compile_pattern(flavor, pattern)
            if spec.literal is not None and spec.literal == value:
                return True
            if spec.regex is not None and re2.fullmatch(spec.regex, value) is not None:
                return True
        return False

    return tuple(
        p.id
        for p in policies
        if hit(p.resources, resource)
        and hit(p.actions, action)
        and any(hit(p.subjects, s) for s in [subject, *roles])
    )


@pytest.mark.parametrize("flavor", FLAVORS)
def test_index_agrees_with_a_naive_scan(flavor: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    rng = random.Random(f"acp-{flavor}")
    monkeypatch.setattr(engine_module._PatternIndex, "CHUNK", 5)  # several automata per field
    atoms = {
        "exact": ["a", "b", "a:b", "b:a", ""],
        "glob": ["a", "b", "*", "**", "?", "a:*", "{a,b}", "[ab]:?", "a**b", ""],
        "regex": ["a", "b", "<a|b>", "<.*>", "<[ab]+>:b", "a:<.>", "<>", ""],
    }[flavor]
    values = ["a", "b", "a:b", "b:a", "ab", "", "a:a:b", "ba"]

    def patterns() -> list[str]:
        return [rng.choice(atoms) + rng.choice(["", ":b", "b"]) for _ in range(rng.randint(0, 3))]

    docs = [
        policy(
            f"p{i}",
            effect=rng.choice(["allow", "deny"]),
            subjects=patterns(),
            resources=patterns(),
            actions=patterns(),
        )
        for i in range(60)
    ]
    policies = [validate_policy(flavor, d) for d in docs]
    compiled = CompiledPolicySet.compile(flavor, policies)
    for _ in range(400):
        s, r, a = rng.choice(values), rng.choice(values), rng.choice(values)
        roles = rng.sample(values, rng.randint(0, 2))
        expected = _naive_decide(flavor, policies, s, r, a, roles)
        assert compiled.candidates(s, r, a, roles) == expected
        decision = compiled.decide(s, r, a, {}, roles)
        assert decision.matched == expected
        denies = [pid for pid in expected if compiled.policies[int(pid[1:])].effect == "deny"]
        assert decision.allowed is (bool(expected) and not denies)
