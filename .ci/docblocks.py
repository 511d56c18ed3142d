"""The pure half of the documentation check: Markdown blocks, doccheck markers, shell commands, and the form
in which each documented command is run. The conventions are described at the top of doccheck.py."""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field

LANGUAGES = {"sh": "sh", "bash": "sh", "shell": "sh", "python": "python", "py": "python"}


class DocError(Exception):
    """A document breaks the conventions (reported like a failing command, with its line)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Marker:
    kind: str  # skip, expect, reject, verify (page markers become Page items)
    arg: str
    line: int


@dataclass
class Block:
    line: int  # the opening fence
    language: str  # "sh" or "python"
    text: str
    markers: list[Marker] = field(default_factory=list)

    def args(self, kind: str) -> list[str]:
        return [m.arg for m in self.markers if m.kind == kind]


@dataclass(frozen=True)
class Page:
    line: int
    path: str
    text: str


@dataclass(frozen=True)
class Command:
    line: int
    text: str


MARKER = re.compile(r"^\s*<!--\s*doccheck:\s*(?P<body>.*?)\s*-->\s*$")
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*?)\s*$")
SKIP = re.compile("^skip\\s*(?:\u2014|\u2013|-|:)\\s*(?P<reason>\\S.*)$")  # em dash, en dash, -, :
VERIFY = re.compile(r"^GET\s+(?P<path>/\S*)\s+(?P<status>\d{3})$")
PAGE = re.compile(r"^(?P<path>/\S*)\s+(?P<text>\S.*)$")


def parse_marker(body: str, line: int) -> Marker | Page:
    kind, _, rest = body.partition(" ")
    rest = rest.strip()
    if kind == "skip":
        skip = SKIP.match(body)
        if skip is None:
            raise DocError(line, "a skip marker needs its reason: <!-- doccheck: skip — why -->")
        return Marker("skip", skip["reason"], line)
    if kind in ("expect", "reject") and rest:
        return Marker(kind, rest, line)
    if kind == "verify" and VERIFY.match(rest):
        return Marker(kind, rest, line)
    if kind == "page" and (page := PAGE.match(rest)):
        return Page(line, page["path"], page["text"])
    raise DocError(line, f"not a doccheck marker: {body!r} (the conventions are in .ci/doccheck.py)")


def parse(markdown: str) -> list[Block | Page]:
    """The command blocks and page checks of a document in order, each block with the markers before it."""
    items: list[Block | Page] = []
    pending: list[Marker] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        number, line = i + 1, lines[i]
        marker, fence = MARKER.match(line), FENCE.match(line)
        if marker:
            parsed = parse_marker(marker["body"], number)
            if isinstance(parsed, Page):
                items.append(parsed)
            else:
                pending.append(parsed)
        elif fence:
            indent, mark = fence["indent"], fence["fence"]
            close = re.compile(rf"^ {{0,3}}{re.escape(mark[0])}{{{len(mark)},}}\s*$")
            body: list[str] = []
            i += 1
            while i < len(lines) and not close.match(lines[i]):
                body.append(lines[i].removeprefix(indent))
                i += 1
            if i == len(lines):
                raise DocError(number, "this fenced block is never closed")
            info = fence["info"].split()
            if not info:
                raise DocError(number, "a fenced block without a language: tag it sh, python, or text")
            language = LANGUAGES.get(info[0].lower())
            if language is None and pending:
                raise DocError(
                    pending[0].line, f"a doccheck marker before a {info[0]} block, which is not run"
                )
            if language is not None:
                if any(m.kind == "skip" for m in pending) and len(pending) > 1:
                    raise DocError(number, "a skipped block can have no other marker")
                items.append(Block(number, language, "\n".join(body) + "\n", pending))
            pending = []
        elif line.strip() and pending:
            raise DocError(pending[0].line, "a doccheck marker must stand right before a code block")
        i += 1
    if pending:
        raise DocError(pending[0].line, "a doccheck marker must stand right before a code block")
    return items


def _complete(chunk: str) -> bool:
    """Whether bash reads ``chunk`` as whole commands; ValueError for a syntax error."""
    if chunk.rstrip().endswith("\\"):
        return False
    check = subprocess.run(["bash", "-n", "-c", chunk], capture_output=True, text=True)
    if check.returncode == 0:
        return True
    if "unexpected end of file" in check.stderr or "unexpected EOF" in check.stderr:
        return False
    raise ValueError(check.stderr.strip().splitlines()[-1])


def split_commands(text: str, first_line: int) -> list[Command]:
    """A shell block's commands, each with its line; continuations and multi-line quotes make one command."""
    commands: list[Command] = []
    buffer: list[str] = []
    start = first_line
    for offset, line in enumerate(text.splitlines()):
        if not buffer and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if not buffer:
            start = first_line + offset
        buffer.append(line)
        try:
            whole = _complete("\n".join(buffer))
        except ValueError as error:
            raise DocError(start, f"shell syntax error: {error}") from None
        if whole:
            commands.append(Command(start, "\n".join(buffer)))
            buffer = []
    if buffer:
        raise DocError(start, "an unfinished shell command (a quote, bracket or backslash is not closed)")
    return commands


def commands_of(block: Block, text: str | None = None) -> list[Command]:
    text = block.text if text is None else text
    if block.language == "python":
        return [Command(block.line + 1, text)]
    return split_commands(text, block.line + 1)


# ---------------------------------------------------------------------------------------------- as run


def _quick_bench(command: str) -> str:
    flags = " --quick" + ("" if "--only" in command else " --only kc-get-user")
    return re.sub(
        r"\bpython -m bench\b", "python -m bench" + flags, re.sub(r" --quick\b", "", command), count=1
    )


def _collect_tests(command: str) -> str:
    return re.sub(r"\bpython -m pytest\b", "python -m pytest --collect-only -q -p no:cacheprovider", command)


# (pattern, rewrite, why): the documented commands the check runs in a short form.
SUBSTITUTIONS: list[tuple[re.Pattern[str], Callable[[str], str], str]] = [
    (
        re.compile(r"\bpython -m pytest\b"),
        _collect_tests,
        "the whole suite runs in .ci/run's test steps on SQLite and PostgreSQL; collecting it here proves "
        "that the documented install brings everything the tests import",
    ),
    (
        re.compile(r"\bpython -m bench\b"),
        _quick_bench,
        "a full run takes up to 10 minutes and .ci/run's benchmark step runs every scenario in quick mode; "
        "one quick scenario here proves that the command works from the documented install",
    ),
]
# Commands that keep running: the check starts them in the background and stops them when the document ends.
LONG_LIVED = re.compile(r"\biamgraph serve\b")
PROJECT_INSTALL = re.compile(
    r"^pip install (?:-e |--editable )?(?P<q>['\"]?)\.(?:\[[\w,-]*\])?(?P=q)(?=\s|$)"
)


def as_run(command: str) -> tuple[str, str | None]:
    """The command as the check runs it, and why that differs from the document (None when it does not)."""
    for pattern, rewrite, why in SUBSTITUTIONS:
        if pattern.search(command):
            return rewrite(command), why
    return command, None


def segments(command: str) -> set[tuple[str, ...]]:
    """The simple commands of an ``&&``/``;`` list, as words: two spellings of one command compare equal."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    found: set[tuple[str, ...]] = set()
    words: list[str] = []
    for token in [*lexer, ";"]:
        if token in ("&&", "||", ";", "&", "|"):
            found |= {tuple(words)} if words else set()
            words = []
        else:
            words.append(token)
    return found


def project_install(commands: list[Command]) -> str | None:
    """The install of the checkout a block starts with (it gets a fresh venv), or None."""
    match = PROJECT_INSTALL.match(commands[0].text) if commands else None
    return match.group(0).replace('"', "'") if match else None


def shell_script(commands: list[Command]) -> str:
    """Bash running the commands in one shell (variables carry over), naming the first that fails.

    ``set -e`` would not do: it ignores a failure on the left of ``&&``."""
    lines = ["set -o pipefail", '__doccheck_fail() { echo "__DOCCHECK_FAILED__ $1 $2"; exit "$2"; }']
    for command in commands:
        lines += ["{", as_run(command.text)[0], f"}} || __doccheck_fail {command.line} $?"]
    return "\n".join(lines) + "\n"
