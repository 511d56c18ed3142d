"""The ORY Keto v0.5 access control policy (ladon) decision engine, indexed.

Semantics (ORY Keto v0.5 ``engine/ladon/rego/{exact,glob,regex}/main.rego`` and ``core/*.rego``):

* A policy *matches* a request when one of its resource patterns matches the resource, one of its action
  patterns matches the action, one of its subject patterns matches the subject **or the id of a role the
  subject is a member of** (``core/role.rego``: ``role_ids`` = ids of the roles whose ``members`` contain
  the subject; one level, no nesting; the ids are matched with the same subject patterns), and all its
  conditions hold.
* The request is allowed when at least one policy matches, one matching policy has effect ``allow`` and
  none has effect ``deny`` (``core/effect.rego``: deny overrides). Nothing matching means denied.

The caller resolves the subject's roles (role ids whose members include the subject) and passes them in.

Speed: :meth:`CompiledPolicySet.compile` builds, per field (subjects, resources, actions), a hash map from
literal patterns to policies and RE2 sets (``re2.Set``, anchored at both ends, linear-time automata holding
many patterns at once) for the others. A decision looks each field up once, intersects the candidate
policies, and evaluates conditions only on the survivors.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import re2

from core.acp.conditions import CompiledCondition, compile_conditions, conditions_fulfilled
from core.acp.patterns import FLAVORS, PatternSpec, compile_pattern, quiet_options
from core.errors import InvalidInput

__all__ = ["FLAVORS", "AcpPolicy", "CompiledPolicySet", "Decision", "validate_policy"]

EFFECTS = ("allow", "deny")
_FIELDS = ("subjects", "resources", "actions")


@dataclass(frozen=True)
class AcpPolicy:
    """A validated ORY access control policy (``oryAccessControlPolicy`` of the Keto v0.5 API)."""

    id: str
    description: str
    subjects: tuple[str, ...]
    resources: tuple[str, ...]
    actions: tuple[str, ...]
    effect: str
    conditions: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Decision:
    """The outcome of one access request.

    ``matched`` holds the ids of the matching policies in policy order; ``deciding`` is the first matching
    deny policy if any, else the first matching allow policy, else None.
    """

    allowed: bool
    matched: tuple[str, ...]
    deciding: str | None


def _check_flavor(flavor: object) -> str:
    if not isinstance(flavor, str) or flavor not in FLAVORS:
        raise InvalidInput(f"unknown flavor {flavor!r}, expected one of {', '.join(FLAVORS)}", field="flavor")
    return flavor


def _string_list(doc: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = doc.get(name)
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise InvalidInput(f"{name} must be a list of strings", field=name)
    for item in value:
        if not isinstance(item, str):
            raise InvalidInput(f"{name}: pattern {item!r} is not a string", field=name)
    return tuple(value)


def validate_policy(flavor: str, doc: Mapping[str, Any]) -> AcpPolicy:
    """Validate a policy document for ``flavor`` and return it as an :class:`AcpPolicy`.

    ``id`` must be a non-empty string, ``effect`` exactly ``"allow"`` or ``"deny"`` (as Keto's ``effect.rego``
    compares), ``subjects``/``resources``/``actions`` lists of patterns valid for the flavor (missing means
    empty: such a policy never matches), ``conditions`` an object of known condition types with valid options.
    Unknown keys (e.g. ``meta``) are ignored, as Go's JSON decoding does. Raises ``InvalidInput`` naming the
    bad field, pattern or condition type.
    """
    _check_flavor(flavor)
    if not isinstance(doc, Mapping):
        raise InvalidInput("a policy must be an object", field="policy")
    policy_id = doc.get("id")
    if not isinstance(policy_id, str) or not policy_id:
        raise InvalidInput("id is required and must be a non-empty string", field="id")
    description = doc.get("description")
    if description is None:
        description = ""
    if not isinstance(description, str):
        raise InvalidInput("description must be a string", field="description")
    effect = doc.get("effect")
    if effect not in EFFECTS:
        raise InvalidInput(f"effect must be 'allow' or 'deny', got {effect!r}", field="effect")
    lists = {name: _string_list(doc, name) for name in _FIELDS}
    for name, patterns in lists.items():
        for pattern in patterns:
            compile_pattern(flavor, pattern, field=name)
    conditions = doc.get("conditions")
    if conditions is None:
        conditions = {}
    if not isinstance(conditions, Mapping):
        raise InvalidInput("conditions must be an object", field="conditions")
    compile_conditions(conditions)
    frozen_conditions = MappingProxyType(
        {key: MappingProxyType(copy.deepcopy(dict(value))) for key, value in conditions.items()}
    )
    return AcpPolicy(
        id=policy_id,
        description=description,
        subjects=lists["subjects"],
        resources=lists["resources"],
        actions=lists["actions"],
        effect=effect,
        conditions=frozen_conditions,
    )


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


class _PatternIndex:
    """One field's patterns: literals in a dict, the others in chunked ``re2.Set`` automata (full match).

    Each distinct pattern gets an id; ``policies_of[id]`` lists the policies using it and ``per_policy[i]``
    the pattern ids of policy ``i``, so candidates can be checked against matched pattern ids without building
    large policy sets.
    """

    # Patterns per RE2 set, and the memory budget of each set's automata; a set that cannot compile within
    # it is split, down to single patterns run one by one.
    CHUNK = 2000
    MAX_MEM = 64 << 20

    def __init__(self, per_policy: list[list[PatternSpec]]) -> None:
        self.literals: dict[str, int] = {}
        regexes: dict[str, int] = {}
        self.policies_of: list[list[int]] = []
        self.per_policy: list[tuple[int, ...]] = []
        for policy, specs in enumerate(per_policy):
            ids: list[int] = []
            for spec in specs:
                table, key = (
                    (self.literals, spec.literal) if spec.literal is not None else (regexes, spec.regex)
                )
                assert key is not None
                pid = table.get(key)
                if pid is None:
                    pid = table[key] = len(self.policies_of)
                    self.policies_of.append([])
                if pid not in ids:
                    ids.append(pid)
                    self.policies_of[pid].append(policy)
            self.per_policy.append(tuple(ids))
        self.sets: list[tuple[Any, list[int]]] = []
        self.singles: list[tuple[Any, int]] = []
        items = list(regexes.items())
        for start in range(0, len(items), self.CHUNK):
            self._add_chunk(items[start : start + self.CHUNK])

    def _add_chunk(self, items: list[tuple[str, int]]) -> None:
        options = re2.Options()
        options.max_mem = self.MAX_MEM
        options.log_errors = False
        try:
            rset = re2.Set.FullMatchSet(options)
            for regex, _ in items:
                rset.Add(_encode(regex))
            rset.Compile()
        except re2.error:
            if len(items) == 1:
                regex, pid = items[0]
                try:
                    self.singles.append((re2.compile(_encode(regex), options=quiet_options()), pid))
                except re2.error as exc:
                    raise InvalidInput(f"pattern too complex: {exc}", field="pattern") from None
                return
            half = len(items) // 2
            self._add_chunk(items[:half])
            self._add_chunk(items[half:])
            return
        self.sets.append((rset, [pid for _, pid in items]))

    @property
    def automaton_patterns(self) -> int:
        return sum(len(pids) for _, pids in self.sets) + len(self.singles)

    def match(self, value: str, out: set[int]) -> None:
        """Add the ids of the patterns matching ``value`` to ``out``."""
        hit = self.literals.get(value)
        if hit is not None:
            out.add(hit)
        if not self.sets and not self.singles:
            return
        data = _encode(value)
        for rset, pids in self.sets:
            found = rset.Match(data)
            if found:
                out.update(pids[i] for i in found)
        for regex, pid in self.singles:
            if regex.fullmatch(data) is not None:
                out.add(pid)

    def weight(self, pids: set[int]) -> int:
        """How many (policy, pattern) pairs the matched patterns stand for: the cost of expanding them."""
        return sum(len(self.policies_of[p]) for p in pids)


@dataclass(frozen=True)
class _Compiled:
    policy: AcpPolicy
    conditions: tuple[CompiledCondition, ...]


class CompiledPolicySet:
    """An immutable, indexed set of policies of one flavor; build it with :meth:`compile`."""

    def __init__(
        self,
        flavor: str,
        compiled: tuple[_Compiled, ...],
        indexes: dict[str, _PatternIndex],
    ) -> None:
        self._flavor = flavor
        self._compiled = compiled
        self._indexes = indexes

    @classmethod
    def compile(cls, flavor: str, policies: Iterable[AcpPolicy]) -> CompiledPolicySet:
        """Index ``policies`` (validated with :func:`validate_policy` for the same flavor).

        Raises ``InvalidInput`` for an unknown flavor, a pattern or condition invalid for it, or a
        duplicate id.
        """
        _check_flavor(flavor)
        compiled: list[_Compiled] = []
        entries: dict[str, list[list[PatternSpec]]] = {name: [] for name in _FIELDS}
        seen: set[str] = set()
        for policy in policies:
            if policy.id in seen:
                raise InvalidInput(f"duplicate policy id {policy.id!r}", field="id")
            seen.add(policy.id)
            if policy.effect not in EFFECTS:
                raise InvalidInput(f"policy {policy.id!r}: effect must be 'allow' or 'deny'", field="effect")
            for name in _FIELDS:
                entries[name].append([compile_pattern(flavor, p, field=name) for p in getattr(policy, name)])
            compiled.append(_Compiled(policy, compile_conditions(policy.conditions)))
        indexes = {name: _PatternIndex(entries[name]) for name in _FIELDS}
        return cls(flavor, tuple(compiled), indexes)

    @property
    def flavor(self) -> str:
        return self._flavor

    @property
    def policies(self) -> tuple[AcpPolicy, ...]:
        return tuple(c.policy for c in self._compiled)

    def __len__(self) -> int:
        return len(self._compiled)

    def automaton_patterns(self) -> dict[str, int]:
        """How many distinct non-literal patterns each field's RE2 automata hold (literals use hash maps)."""
        return {name: index.automaton_patterns for name, index in self._indexes.items()}

    def _candidate_indexes(
        self, subject: str, resource: str, action: str, roles_of_subject: Iterable[str]
    ) -> list[int]:
        if isinstance(roles_of_subject, str):
            raise TypeError("roles_of_subject must be an iterable of role ids, not a string")
        if not (isinstance(subject, str) and isinstance(resource, str) and isinstance(action, str)):
            return []
        fields: list[tuple[_PatternIndex, set[int]]] = []
        for name, value in (("actions", action), ("resources", resource)):
            index = self._indexes[name]
            pids: set[int] = set()
            index.match(value, pids)
            if not pids:
                return []
            fields.append((index, pids))
        index = self._indexes["subjects"]
        pids = set()
        index.match(subject, pids)
        for role in roles_of_subject:
            if isinstance(role, str):
                index.match(role, pids)
        if not pids:
            return []
        fields.append((index, pids))
        # Expand the field whose matched patterns cover the fewest policies; check the other two fields of
        # each such policy against their matched pattern ids.
        fields.sort(key=lambda f: f[0].weight(f[1]))
        (index0, pids0), (index1, pids1), (index2, pids2) = fields
        candidates: set[int] = set()
        for pid in pids0:
            candidates.update(index0.policies_of[pid])
        per1, per2 = index1.per_policy, index2.per_policy
        return sorted(
            i for i in candidates if not pids1.isdisjoint(per1[i]) and not pids2.isdisjoint(per2[i])
        )

    def candidates(
        self, subject: str, resource: str, action: str, roles_of_subject: Iterable[str] = ()
    ) -> tuple[str, ...]:
        """Ids of the policies whose patterns match the request, before conditions are evaluated."""
        indexes = self._candidate_indexes(subject, resource, action, roles_of_subject)
        return tuple(self._compiled[i].policy.id for i in indexes)

    def decide(
        self,
        subject: str,
        resource: str,
        action: str,
        context: Mapping[str, Any],
        roles_of_subject: Iterable[str] = (),
    ) -> Decision:
        """Decide one access request; conditions are evaluated only for the pattern-matched candidates."""
        if not isinstance(context, Mapping):
            context = {}
        matched: list[str] = []
        first_allow: str | None = None
        first_deny: str | None = None
        for index in self._candidate_indexes(subject, resource, action, roles_of_subject):
            entry = self._compiled[index]
            if entry.conditions and not conditions_fulfilled(entry.conditions, context, subject, resource):
                continue
            policy = entry.policy
            matched.append(policy.id)
            if policy.effect == "deny":
                if first_deny is None:
                    first_deny = policy.id
            elif first_allow is None:
                first_allow = policy.id
        if first_deny is not None:
            return Decision(allowed=False, matched=tuple(matched), deciding=first_deny)
        return Decision(allowed=first_allow is not None, matched=tuple(matched), deciding=first_allow)
