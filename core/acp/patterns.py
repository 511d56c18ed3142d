"""Pattern flavors of the ORY Keto v0.5 (ladon) access control policies, translated to RE2.

Every user pattern is turned into a :class:`PatternSpec`: either a plain literal (matched by a hash map in the
engine) or an RE2 regular expression that must match the whole input. Nothing here backtracks: regular
expressions only ever run on google-re2 (``import re2``), whose automata answer in time linear in the input.

Upstream sources followed (see each function for details):

* ``exact``: ORY Keto v0.5 ``engine/ladon/rego/exact/main.rego`` compares with Rego's ``==``, i.e. plain,
  case-sensitive string equality.
* ``regex``: ORY Keto v0.5 ``engine/ladon/rego/regex/main.rego`` calls OPA's
  ``regex.template_match(pattern, value, "<", ">")``, which is a copy of ladon's ``compiler/regex.go``
  (itself adapted from gorilla/mux): parts between ``<`` and ``>`` are regular expressions, the rest is
  literal (``regexp.QuoteMeta``), the whole is wrapped in ``^...$``; no case folding. A pattern without ``<``
  is a literal compared with ``==``, as in ladon's ``matcher_regexp.go``.
* ``glob``: ORY Keto v0.5 ``engine/ladon/rego/glob/main.rego`` calls OPA's ``glob.match(pattern, [":"],
  value)``, i.e. github.com/gobwas/glob (v0.2.x) with ``:`` as the only separator; its lexer
  (``syntax/lexer``) and parser (``syntax/ast``) are followed token for token, and the matchers are translated
  to RE2.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import re2

from core.acp.glob import compile_glob, escape_literal
from core.errors import InvalidInput

FLAVORS = ("exact", "glob", "regex")

# The delimiters Keto v0.5 passes to regex.template_match (engine/ladon/rego/regex/main.rego).
REGEX_DELIMITER_START = "<"
REGEX_DELIMITER_END = ">"


@dataclass(frozen=True)
class PatternSpec:
    """A validated pattern: one of ``literal`` (compared with ``==``) or ``regex`` (RE2, full match)."""

    literal: str | None = None
    regex: str | None = None


def quiet_options() -> re2.Options:
    """RE2 options that do not log parse errors to stderr (they are reported as ``InvalidInput`` instead)."""
    options = re2.Options()
    options.log_errors = False
    return options


_QUIET = quiet_options()


def compile_pattern(flavor: str, pattern: object, *, field: str = "pattern") -> PatternSpec:
    """Validate ``pattern`` for ``flavor`` and return its :class:`PatternSpec`; raise ``InvalidInput`` if bad.

    Results are memoized (a bounded cache of compiled patterns), so validating a policy and then compiling a
    policy set holding it translates each pattern once.
    """
    if not isinstance(pattern, str):
        raise InvalidInput(f"{field}: pattern {pattern!r} is not a string", field=field)
    return _compile_pattern_cached(flavor, pattern, field)


@functools.lru_cache(maxsize=65536)
def _compile_pattern_cached(flavor: str, pattern: str, field: str) -> PatternSpec:
    _check_encodable(pattern, field)
    if flavor == "exact":
        return PatternSpec(literal=pattern)
    if flavor == "regex":
        return _compile_regex_template(pattern, field)
    if flavor == "glob":
        return _compile_glob(pattern, field)
    raise InvalidInput(f"unknown flavor {flavor!r}, expected one of {', '.join(FLAVORS)}", field="flavor")


def _check_encodable(pattern: str, field: str) -> None:
    try:
        pattern.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{field}: pattern {pattern!r} is not valid UTF-8", field=field) from None


def _re2_check(regex: str, field: str, shown: str) -> None:
    """Raise ``InvalidInput`` unless RE2 parses ``regex``.

    Parsing through ``re2.Set.Add`` is several times cheaper than ``re2.compile``; the latter runs only to
    word the error message. (Programs too large for one automaton are handled by the engine's index.)
    """
    try:
        re2.Set.SearchSet(_QUIET).Add(regex.encode("utf-8"))
        return
    except re2.error:
        pass
    try:
        re2.compile(regex, options=_QUIET)
    except re2.error as exc:
        raise InvalidInput(
            f"{field}: invalid regular expression in pattern {shown!r}: {exc}", field=field
        ) from None
    raise InvalidInput(f"{field}: invalid regular expression in pattern {shown!r}", field=field)


# --------------------------------------------------------------------------------------------------- regex


def _delimiter_indices(tpl: str, field: str) -> list[int]:
    """ladon ``compiler/regex.go`` ``delimiterIndices``: first-level ``<``/``>`` pairs; unbalanced: error."""
    level = 0
    idx = 0
    idxs: list[int] = []
    for i, ch in enumerate(tpl):
        if ch == REGEX_DELIMITER_START:
            level += 1
            if level == 1:
                idx = i
        elif ch == REGEX_DELIMITER_END:
            level -= 1
            if level == 0:
                idxs.extend((idx, i + 1))
            elif level < 0:
                raise InvalidInput(f"{field}: unbalanced braces in pattern {tpl!r}", field=field)
    if level != 0:
        raise InvalidInput(f"{field}: unbalanced braces in pattern {tpl!r}", field=field)
    return idxs


def _compile_regex_template(tpl: str, field: str) -> PatternSpec:
    """ladon ``compiler/regex.go`` ``CompileRegex(tpl, '<', '>')`` on RE2.

    As in ladon's ``matcher_regexp.go``, a pattern without ``<`` is a plain string compared with ``==`` (so a
    lone ``>`` there is literal). Otherwise each ``<...>`` part must compile on its own as ``^part$`` (ladon
    checks that, which rejects parts like ``a)(b`` that would otherwise escape their group), the literal parts
    are escaped, and the whole is ``^lit(part)lit...$``. Matching is case-sensitive, as upstream.
    """
    if REGEX_DELIMITER_START not in tpl:
        return PatternSpec(literal=tpl)
    idxs = _delimiter_indices(tpl, field)
    pieces = ["^"]
    end = 0
    for i in range(0, len(idxs), 2):
        raw = tpl[end : idxs[i]]
        end = idxs[i + 1]
        part = tpl[idxs[i] + 1 : end - 1]
        _re2_check(f"^{part}$", field, tpl)
        pieces.append(f"{escape_literal(raw)}({part})")
    pieces.append(escape_literal(tpl[end:]))
    pieces.append("$")
    regex = "".join(pieces)
    if len(idxs) > 2:  # with one part, `^part$` parsing implies the whole does
        _re2_check(regex, field, tpl)
    return PatternSpec(regex=regex)


def _compile_glob(source: str, field: str) -> PatternSpec:
    literal, regex = compile_glob(source, field)
    if regex is None:
        return PatternSpec(literal=literal)
    _re2_check(regex, field, source)
    return PatternSpec(regex=regex)
