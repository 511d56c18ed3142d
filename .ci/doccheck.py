#!/usr/bin/env python3
"""Documentation check: every command the user-facing Markdown documents show works on a fresh machine.

Every git-tracked ``*.md`` outside ``tests/`` is read. Its fenced blocks tagged ``sh``, ``bash`` or ``shell``
run in bash, those tagged ``python`` or ``py`` with the venv's python, in document order, in a clean copy of
the checkout (the files git tracks or does not ignore, as they are on disk). A block whose first command
installs the checkout (``pip install -e .``, ``pip install -e '.[bench]'``) starts in a fresh virtual
environment, as on a new machine; the other blocks go on in the venv of the block before (a document whose
first block installs nothing gets a fresh venv with ``pip install -e .``). A venv is reused for the same
install line while nothing else was installed into it. A fenced block without a language is an error: tag it
``text`` when it shows no command.

Markers, as HTML comments right before a block (blank lines and other markers may stand between):

    <!-- doccheck: skip — <reason> -->             the block is not run; the reason is printed
    <!-- doccheck: expect <text> -->               its output (stdout and stderr) must contain <text>
    <!-- doccheck: reject <text> -->               its output must not contain <text>
    <!-- doccheck: verify GET <path> <status> -->  then GET <path> as the server's admin must answer <status>

and one that stands alone and is checked where it stands, against the running server:

    <!-- doccheck: page <path> <text> -->          GET <path> with Accept: text/html answers 200 with an HTML
                                                   page containing <text>

<text> is taken literally, quotes included. A block ending in ``iamgraph serve`` runs in the background until
its document ends: the check waits for ``/health/ready`` on its ``--host`` and ``--port`` (127.0.0.1:8080 by
default; when that port is taken here, a free one replaces it in that document), and ``verify`` logs in with
the ``IAMGRAPH_ADMIN_PASSWORD`` the command sets.

Long commands, and those .ci/run runs in full in another step, run in a short form: SUBSTITUTIONS in
docblocks.py says which and why, and the report prints each such command as it was run.

``python .ci/doccheck.py [DOCUMENT ...] [--list] [--keep]``; exits 1 when a documented command failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docblocks import (
    LONG_LIVED,
    VERIFY,
    Block,
    Command,
    DocError,
    Page,
    as_run,
    commands_of,
    parse,
    project_install,
    segments,
    shell_script,
)

ROOT = Path(__file__).resolve().parent.parent
BLOCK_TIMEOUT_S = 600
SERVER_READY_S = 240
TAIL_LINES = 30
FAILED_AT = re.compile(r"^__DOCCHECK_FAILED__ (\d+) (\d+)\n?", re.MULTILINE)


def git_files(*patterns: str) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", *patterns],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    return [name for name in listed.stdout.decode().split("\0") if name and (ROOT / name).is_file()]


def documents() -> list[str]:
    return sorted(name for name in git_files("*.md") if not name.startswith("tests/"))


def http(url: str, headers: dict[str, str] | None = None, data: bytes | None = None) -> tuple[int, str, str]:
    """(status, body, content type); status 0 when nothing answers."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return (
                response.status,
                response.read().decode(errors="replace"),
                response.headers["Content-Type"] or "",
            )
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers["Content-Type"] or ""
    except (OSError, ValueError):
        return 0, "", ""


def stop(process: subprocess.Popen[bytes]) -> None:
    """End a process this check started, and its children: it leads its own process group, and the group is
    waited for (a server under bash outlives bash by its graceful shutdown)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    try:
        while time.monotonic() < deadline:
            process.poll()
            os.killpg(process.pid, 0)  # ProcessLookupError once the whole group is gone
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


@dataclass
class Venv:
    path: Path
    install: str
    tainted: bool = False  # something besides its install line went into it
    passed: set[tuple[str, ...]] = field(default_factory=set)  # the short-form commands that passed in it


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    admin: tuple[str, str] | None


class Workspace:
    """The clean copy of the checkout, the fresh venvs made for it, and the server a document started."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.checkout = folder / "iamgraph"
        for name in git_files():
            (self.checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, self.checkout / name)
        self.venvs: list[Venv] = []
        self.current: Venv | None = None
        self.server: Server | None = None

    def venv_for(self, install: str | None) -> Venv:
        if install is None and self.current is not None:
            return self.current
        wanted = install or "pip install -e ."
        for venv in self.venvs:
            if venv.install == wanted and not venv.tainted:
                self.current = venv
                return venv
        venv = Venv(self.folder / f"venv-{len(self.venvs) + 1}", wanted)
        subprocess.run([sys.executable, "-m", "venv", str(venv.path)], check=True)
        if install is None:  # the document assumes the plain install
            code, output = self.run(["bash", "-c", wanted], venv, self.folder / "install.log")
            if code != 0:
                raise RuntimeError(f"{wanted} failed:\n{output}")
        self.venvs.append(venv)
        self.current = venv
        return venv

    def popen(self, argv: list[str], venv: Venv, log: Path) -> subprocess.Popen[bytes]:
        """As from a user's shell in the activated venv, without this machine's IAMGRAPH_ or PYTHONPATH."""
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("IAMGRAPH_", "PYTHONPATH", "PYTHONHOME"))
        }
        env["PATH"] = f"{venv.path / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(venv.path)
        with log.open("wb") as out:
            return subprocess.Popen(
                argv,
                cwd=self.checkout,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def run(self, argv: list[str], venv: Venv, log: Path) -> tuple[int, str]:
        process = self.popen(argv, venv, log)
        try:
            code = process.wait(timeout=BLOCK_TIMEOUT_S)
            late = ""
        except subprocess.TimeoutExpired:
            stop(process)
            code, late = -1, f"\n(still running after {BLOCK_TIMEOUT_S} s: stopped)"
        return code, log.read_text(errors="replace") + late

    def start_server(self, argv: list[str], venv: Venv, command: str, log: Path) -> str | None:
        """Start a long-lived block; None once it answers /health/ready, else what it printed."""
        self.stop_server()
        host, port = re.search(r"--host[ =](\S+)", command), re.search(r"--port[ =](\d+)", command)
        user, password = (re.search(rf"IAMGRAPH_ADMIN_{k}=(\S+)", command) for k in ("USERNAME", "PASSWORD"))
        base = f"http://{host[1] if host else '127.0.0.1'}:{port[1] if port else 8080}"
        admin = (user[1] if user else "admin", password[1]) if password else None
        self.server = Server(self.popen(argv, venv, log), base, admin)
        deadline = time.monotonic() + SERVER_READY_S
        while time.monotonic() < deadline:
            if self.server.process.poll() is not None:
                code = self.server.process.returncode
                self.server = None
                return log.read_text(errors="replace") + f"\n(the server exited with {code})"
            if http(base + "/health/ready")[0] == 200:
                return None
            time.sleep(0.3)
        return log.read_text(errors="replace") + f"\n(not ready after {SERVER_READY_S} s)"

    def stop_server(self) -> None:
        if self.server is not None:
            stop(self.server.process)
            self.server = None

    def verify(self, spec: str) -> str:
        """'' when GET <path> as the admin answers the status the marker names, else what went wrong."""
        match = VERIFY.match(spec)
        if self.server is None or self.server.admin is None or match is None:
            return f"verify {spec}: needs a running server whose command sets IAMGRAPH_ADMIN_PASSWORD"
        form = {"grant_type": "password", "client_id": "admin-cli"}
        form |= {"username": self.server.admin[0], "password": self.server.admin[1]}
        token_url = self.server.base + "/realms/master/protocol/openid-connect/token"
        status, body, _ = http(token_url, data=urllib.parse.urlencode(form).encode())
        if status != 200:
            return f"verify {spec}: the admin login answered {status} {body[:300]}"
        bearer = {"Authorization": f"Bearer {json.loads(body)['access_token']}"}
        status, body, _ = http(self.server.base + match["path"], bearer)
        return "" if status == int(match["status"]) else f"verify {spec}: answered {status} {body[:300]}"


# ---------------------------------------------------------------------------------------------- checking


@dataclass
class Result:
    where: str  # document:line
    kind: str  # sh, python, page, doc
    status: str = "ok"  # ok, failed, skipped
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    failure: str = ""
    output: str = ""


def move_port(block: Block, rewrites: dict[str, str], result: Result) -> None:
    """A server block whose port is taken on this machine: a free port replaces it in the whole document."""
    port = re.search(r"--port[ =](\d+)", block.text)
    host = re.search(r"--host[ =](\S+)", block.text)
    old = port[1] if port else "8080"
    with socket.socket() as probe:
        if probe.connect_ex((host[1] if host else "127.0.0.1", int(old))) != 0:
            return
    if port is None:
        raise DocError(block.line, f"port {old} is taken here and the command names no --port to replace")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        new = str(sock.getsockname()[1])
    rewrites.update({f":{old}": f":{new}", f"--port {old}": f"--port {new}"})
    result.notes.append(f"port {old} is taken here: port {new} replaces it in this document")


def check_block(ws: Workspace, doc: str, block: Block, rewrites: dict[str, str]) -> Result:
    result = Result(f"{doc}:{block.line}", block.language)
    if block.args("skip"):
        result.status, result.notes = "skipped", [f"not run: {block.args('skip')[0]}"]
        return result
    long_lived = block.language == "sh" and LONG_LIVED.search(block.text) is not None
    if long_lived:
        ws.stop_server()  # one server at a time: a later one takes the place of the earlier
        move_port(block, rewrites, result)
    text = block.text
    for old, new in rewrites.items():
        text = text.replace(old, new)
    commands = commands_of(block, text)
    if long_lived and not LONG_LIVED.search(commands[-1].text):
        raise DocError(block.line, "a long-lived command must be the last of its block")
    install = project_install(commands) if block.language == "sh" else None
    try:
        venv = ws.venv_for(install)
    except RuntimeError as error:  # the plain install a document assumes did not work
        result.status, result.failure, result.output = "failed", str(error).partition("\n")[0], str(error)
        return result
    reasons: list[str] = []
    shortened: set[tuple[str, ...]] = set()
    for i, command in enumerate(commands):
        ran, why = as_run(command.text)
        if why is None:
            continue
        if segments(ran) <= venv.passed | shortened:  # a short form this venv already passed: once is enough
            result.notes.append(f"line {command.line} already passed in this venv as: {ran}")
            commands[i] = Command(command.line, ":")
            continue
        result.notes.append(f"line {command.line} ran as: {ran}")
        reasons += [] if why in reasons else [why]
        shortened |= segments(ran)
    result.notes += [f"  because {why}" for why in reasons]
    venv.tainted |= text.count("pip install") > (1 if install else 0)
    name = f"{doc.replace('/', '_')}-{block.line}"
    script = ws.folder / f"{name}.{block.language}"
    script.write_text(shell_script(commands) if block.language == "sh" else text)
    argv = ["bash", str(script)] if block.language == "sh" else ["python", str(script)]
    log = ws.folder / f"{name}.log"
    started = time.monotonic()
    if long_lived:
        failed = ws.start_server(argv, venv, commands[-1].text, log)
        code, output = (0, "") if failed is None else (1, failed)
        if ws.server is not None:
            result.notes.append(f"running in the background at {ws.server.base} until the document ends")
    else:
        code, output = ws.run(argv, venv, log)
    result.seconds = time.monotonic() - started
    failed_at = FAILED_AT.search(output)
    result.output = FAILED_AT.sub("", output).rstrip()
    if code != 0:
        line, status = (int(failed_at[1]), failed_at[2]) if failed_at else (commands[0].line, str(code))
        result.failure = f"the command at line {line} exited with {status}"
    else:
        problems = [f"its output lacks {t}" for t in block.args("expect") if t not in result.output]
        problems += [f"its output has {t}" for t in block.args("reject") if t in result.output]
        problems += [problem for spec in block.args("verify") if (problem := ws.verify(spec))]
        result.failure = "; ".join(problems)
        if not problems:
            result.notes += [f"output has {t}" for t in block.args("expect")]
            result.notes += [f"output has no {t}" for t in block.args("reject")]
            result.notes += [f"then {spec}: ok" for spec in block.args("verify")]
    result.status = "failed" if result.failure else "ok"
    if result.status == "ok":
        venv.passed |= shortened
    return result


def check_page(ws: Workspace, doc: str, page: Page) -> Result:
    result = Result(f"{doc}:{page.line}", "page")
    if ws.server is None or ws.server.process.poll() is not None:
        result.failure = "no server is running: a page marker needs an `iamgraph serve` block before it"
    else:
        status, body, content_type = http(ws.server.base + page.path, {"Accept": "text/html"})
        if status != 200 or not content_type.startswith("text/html") or page.text not in body:
            result.failure = f"GET {page.path} (Accept: text/html) answered {status} {content_type}"
            result.failure += f" without {page.text!r}" if status == 200 else ""
            result.output = body[-2000:]
        else:
            result.notes.append(f"GET {ws.server.base}{page.path} (Accept: text/html) serves {page.text}")
    result.status = "failed" if result.failure else "ok"
    return result


def check_document(ws: Workspace, doc: str) -> Iterator[Result]:
    rewrites: dict[str, str] = {}
    try:
        for item in parse((ROOT / doc).read_text()):
            try:
                if isinstance(item, Page):
                    yield check_page(ws, doc, item)
                else:
                    yield check_block(ws, doc, item, rewrites)
            except DocError as error:
                yield Result(f"{doc}:{error.line}", "doc", "failed", failure=error.message)
    except DocError as error:
        yield Result(f"{doc}:{error.line}", "doc", "failed", failure=error.message)
    finally:
        ws.stop_server()


def report(result: Result) -> None:
    label = {"ok": "ok     ", "failed": "FAILED ", "skipped": "skipped"}[result.status]
    took = f" ({result.seconds:.1f} s)" if result.seconds else ""
    lines = [f"{label} {result.where} {result.kind}{took}", *(f"    {note}" for note in result.notes)]
    if result.status == "failed":
        lines.append(f"    FAILED {result.where}: {result.failure}")
        tail = result.output.splitlines()[-TAIL_LINES:]
        lines += ["    last lines it printed:", *(f"    | {line}" for line in tail)] if tail else []
    print("\n".join(lines), flush=True)


def plan(doc: str) -> None:
    """``--list``: what would run, without running it."""
    for item in parse((ROOT / doc).read_text()):
        if isinstance(item, Page):
            print(f"{doc}:{item.line} page {item.path} must contain {item.text}")
            continue
        print(f"{doc}:{item.line} {item.language}" + "".join(f" [{m.kind} {m.arg}]" for m in item.markers))
        for command in [] if item.args("skip") else commands_of(item):
            print(f"    {command.line}: {as_run(command.text)[0]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="doccheck", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("documents", nargs="*", help="Markdown files (default: every user-facing one)")
    parser.add_argument("--list", action="store_true", help="print what would run, and run nothing")
    parser.add_argument("--keep", action="store_true", help="keep the clean copy, the venvs and the logs")
    args = parser.parse_args(argv)
    docs = [str(Path(d).resolve().relative_to(ROOT)) for d in args.documents] or documents()
    if args.list:
        try:
            for doc in docs:
                plan(doc)
        except DocError as error:
            print(f"{doc}:{error.line}: {error.message}")
            return 1
        return 0
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="iamgraph-doccheck-"))
    results: list[Result] = []
    try:
        ws = Workspace(folder)
        print(f"documents: {', '.join(docs)}", flush=True)
        for doc in docs:
            for result in check_document(ws, doc):
                report(result)
                results.append(result)
    finally:
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    count = {s: sum(r.status == s for r in results) for s in ("ok", "failed", "skipped")}
    print(f"documentation commands: {time.monotonic() - started:.0f} s")
    print(f"doccheck: {count['ok']} passed, {count['failed']} failed, {count['skipped']} skipped")
    return 1 if count["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
