"""The ``glob`` flavor of Keto v0.5 policies: github.com/gobwas/glob (v0.2.x), as OPA's ``glob.match`` runs it
with ``:`` as the only separator, translated to RE2. Its lexer (``syntax/lexer``) and parser (``syntax/ast``)
are followed token for token."""

from __future__ import annotations

from typing import Any

from core.errors import InvalidInput

# The separators Keto v0.5 passes to glob.match (engine/ladon/rego/glob/main.rego).
GLOB_SEPARATOR = ":"


def escape_literal(text: str) -> str:
    """Escape ``text`` so that RE2 reads it literally (every non-alphanumeric ASCII char as ``\\x{..}``)."""
    out: list[str] = []
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch == "_"):
            out.append(ch)
        elif ch.isascii():
            out.append(f"\\x{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------------------------------- glob
#
# The AST, following gobwas/glob syntax/ast: a pattern is a list of nodes; node kinds are
# ("text", str), ("any",), ("super",), ("single",), ("list", chars, not), ("range", lo, hi, not),
# ("anyof", [pattern, ...]).

_GlobNode = tuple[Any, ...]
_GlobPattern = list[_GlobNode]


class _GlobLexer:
    """gobwas/glob ``syntax/lexer``: ``*`` any, ``**`` super, ``?`` single, ``[...]`` class, ``{a,b}`` terms.

    Outside a ``{...}`` group, ``,`` and ``}`` are plain characters, and ``]`` always is outside a class; a
    backslash escapes the next character (a trailing one is an error).
    """

    def __init__(self, source: str, field: str) -> None:
        self.s = source
        self.pos = 0
        self.terms_level = 0
        self.field = field

    def error(self, message: str) -> InvalidInput:
        return InvalidInput(f"{self.field}: invalid glob pattern {self.s!r}: {message}", field=self.field)

    def tokens(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        s = self.s
        while self.pos < len(s):
            ch = s[self.pos]
            if ch == "{":
                self.pos += 1
                self.terms_level += 1
                out.append(("terms_open", ch))
            elif ch == "," and self.terms_level > 0:
                self.pos += 1
                out.append(("separator", ch))
            elif ch == "}" and self.terms_level > 0:
                self.pos += 1
                self.terms_level -= 1
                out.append(("terms_close", ch))
            elif ch == "[":
                self.pos += 1
                out.append(("range_open", ch))
                out.extend(self._range())
            elif ch == "?":
                self.pos += 1
                out.append(("single", ch))
            elif ch == "*":
                if s.startswith("**", self.pos):
                    self.pos += 2
                    out.append(("super", "**"))
                else:
                    self.pos += 1
                    out.append(("any", ch))
            else:
                breakers = "?*[{}," if self.terms_level > 0 else "?*[{"
                text = self._text(breakers)
                if text:
                    out.append(("text", text))
        return out

    def _range(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        s = self.s
        want_hi = want_close = seen_not = False
        while True:
            if self.pos >= len(s):
                raise self.error("unexpected end of input in a character class")
            ch = s[self.pos]
            self.pos += 1
            if want_close:
                if ch != "]":
                    raise self.error("expected close range character")
                out.append(("range_close", ch))
                return out
            if want_hi:
                out.append(("range_hi", ch))
                want_close = True
                continue
            if not seen_not and ch == "!":
                out.append(("not", ch))
                seen_not = True
                continue
            if self.pos < len(s) and s[self.pos] == "-":
                self.pos += 1
                out.append(("range_lo", ch))
                want_hi = True
                continue
            self.pos -= 1
            text = self._text("]")
            if text:
                out.append(("text", text))
            want_close = True

    def _text(self, breakers: str) -> str:
        data: list[str] = []
        s = self.s
        escaped = False
        while self.pos < len(s):
            ch = s[self.pos]
            if not escaped:
                if ch == "\\":
                    escaped = True
                    self.pos += 1
                    continue
                if ch in breakers:
                    break
            escaped = False
            data.append(ch)
            self.pos += 1
        else:
            if escaped:
                raise self.error("trailing backslash")
        return "".join(data)


def _parse_glob(source: str, field: str) -> _GlobPattern:
    """gobwas/glob ``syntax/ast`` parser; an unclosed ``{`` is rejected (upstream closed it silently)."""
    lexer = _GlobLexer(source, field)
    root: _GlobPattern = []
    stack: list[tuple[_GlobPattern, list[_GlobPattern]]] = []  # (outer pattern, alternatives of the group)
    current = root
    tokens = lexer.tokens()
    i = 0
    while i < len(tokens):
        kind, data = tokens[i]
        i += 1
        if kind == "text":
            current.append(("text", data))
        elif kind in ("any", "super", "single"):
            current.append((kind,))
        elif kind == "terms_open":
            alternatives: list[_GlobPattern] = [[]]
            stack.append((current, alternatives))
            current = alternatives[0]
        elif kind == "separator":
            alternatives = stack[-1][1]
            alternatives.append([])
            current = alternatives[-1]
        elif kind == "terms_close":
            outer, alternatives = stack.pop()
            outer.append(("anyof", alternatives))
            current = outer
        elif kind == "range_open":
            negate = False
            lo = hi = chars = ""
            while True:
                if i >= len(tokens):
                    raise lexer.error("unexpected end")
                kind, data = tokens[i]
                i += 1
                if kind == "not":
                    negate = True
                elif kind == "range_lo":
                    lo = data
                elif kind == "range_hi":
                    hi = data
                    if hi < lo:
                        raise lexer.error(f"hi character {hi!r} should be greater than lo {lo!r}")
                elif kind == "text":
                    chars = data
                elif kind == "range_close":
                    break
            is_range = bool(lo) and bool(hi)
            if bool(chars) == is_range:
                raise lexer.error("could not parse range")
            current.append(("range", lo, hi, negate) if is_range else ("list", chars, negate))
        else:  # pragma: no cover - the lexer emits no other token kinds
            raise lexer.error(f"unexpected token {data!r}")
    if stack:
        raise lexer.error("unclosed '{'")
    return root


def _glob_class_char(ch: str) -> str:
    return f"\\x{{{ord(ch):x}}}"


def _collapse_stars(pattern: _GlobPattern) -> _GlobPattern:
    """Adjacent ``*``/``**`` runs holding a ``**`` are one ``**`` (gobwas glues them, e.g. ``***``)."""
    out: _GlobPattern = []
    for node in pattern:
        if out and node[0] in ("any", "super") and out[-1][0] in ("any", "super"):
            if node[0] == "super":
                out[-1] = ("super",)
            continue
        out.append(node)
    return out


def _prefix_suffix_overlaps(prefix: str, suffix: str) -> list[str]:
    """The strings shorter than ``prefix + suffix`` that start with ``prefix`` and end with ``suffix``."""
    found: list[str] = []
    for length in range(max(len(prefix), len(suffix)), len(prefix) + len(suffix)):
        chars: list[str | None] = [None] * length
        ok = True
        for j, ch in enumerate(prefix):
            chars[j] = ch
        offset = length - len(suffix)
        for j, ch in enumerate(suffix):
            if chars[offset + j] not in (None, ch):
                ok = False
                break
            chars[offset + j] = ch
        if ok:
            found.append("".join(c for c in chars if c is not None))
    return found


def _glob_pattern_regex(pattern: _GlobPattern) -> str:
    pattern = _collapse_stars(pattern)
    sep = _glob_class_char(GLOB_SEPARATOR)
    if len(pattern) == 3 and pattern[0][0] == "text" and pattern[1][0] == "super" and pattern[2][0] == "text":
        # gobwas/glob v0.2.x compiles ``prefix**suffix`` to match.PrefixSuffix, whose Match is HasPrefix(s,
        # prefix) && HasSuffix(s, suffix) without a length check, so prefix and suffix may overlap. Keto v0.5
        # relies on it: engine/ladon/rego/glob/main_test.rego expects `actions:**:7` to match `actions:7`. The
        # overlapping strings are finitely many, so they become literal alternatives.
        prefix, suffix = pattern[0][1], pattern[2][1]
        alternatives = [f"{escape_literal(prefix)}(?s:.*){escape_literal(suffix)}"]
        alternatives.extend(escape_literal(x) for x in _prefix_suffix_overlaps(prefix, suffix))
        return "(?:" + "|".join(alternatives) + ")"
    out: list[str] = []
    for node in pattern:
        kind = node[0]
        if kind == "text":
            out.append(escape_literal(node[1]))
        elif kind == "any":
            out.append(f"[^{sep}]*")
        elif kind == "super":
            out.append("(?s:.*)")
        elif kind == "single":
            out.append(f"[^{sep}]")
        elif kind == "list":
            chars = "".join(_glob_class_char(c) for c in node[1])
            out.append(f"[{'^' if node[2] else ''}{chars}]")
        elif kind == "range":
            out.append(f"[{'^' if node[3] else ''}{_glob_class_char(node[1])}-{_glob_class_char(node[2])}]")
        elif kind == "anyof":
            out.append("(?:" + "|".join(_glob_pattern_regex(alt) for alt in node[1]) + ")")
    return "".join(out)


def compile_glob(source: str, field: str) -> tuple[str | None, str | None]:
    """gobwas/glob ``Compile(source, ':')`` as used by OPA's ``glob.match`` in Keto v0.5, translated to RE2.

    ``*`` matches any run of characters without ``:``, ``**`` any run at all, ``?`` one character other than
    ``:``, ``[abc]``/``[!abc]`` one character in/not in the list and ``[a-z]``/``[!a-z]`` one in/out of the
    range (classes may match ``:``, as upstream), ``{a,b}`` any of the alternatives (themselves patterns).
    Case-sensitive. Answers ``(literal, None)`` for a pattern made of text only, else ``(None, regex)``.
    """
    tree = _parse_glob(source, field)
    if not tree:
        return "", None
    if len(tree) == 1 and tree[0][0] == "text":
        return tree[0][1], None
    return None, _glob_pattern_regex(tree)
