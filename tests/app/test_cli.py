"""The ``iamgraph`` command as an operator runs it: help, version, migrate, the admin password reset, a
one-line error and exit code 2 for every bad setting, and many processes starting at once on a new
database (one start lock: migrations and the first-start bootstrap run once)."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import httpx
import pytest

from tests.support import ADMIN_PASSWORD, free_port, fresh_database_url, password_token, serve_process


def _iamgraph(
    *args: str, workdir: str, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IAMGRAPH_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "iamgraph.cli", *args],
        cwd=workdir,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_help_and_version() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        shown = _iamgraph("--help", workdir=workdir)
        assert shown.returncode == 0
        for command in ("serve", "migrate", "admin"):
            assert command in shown.stdout
        assert "--workers" in _iamgraph("serve", "--help", workdir=workdir).stdout
        version = _iamgraph("--version", workdir=workdir)
        assert version.returncode == 0 and version.stdout.startswith("iamgraph ")
        assert _iamgraph("no-such-command", workdir=workdir).returncode == 2


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("IAMGRAPH_MAX_BODY_BYTES", "1XB", "is not a size in bytes"),
        ("IAMGRAPH_MAX_BODY_BYTES", "12", "is out of range"),
        ("IAMGRAPH_LOWBALL_SELF_REGISTRATION", "maybe", "is not a boolean"),
        ("IAMGRAPH_DATABASE_URL", "mysql://localhost/x", "is neither sqlite"),
        ("IAMGRAPH_DATABASE_URL", "postgres://postgres@127.0.0.1:1/x", "does not answer"),
        ("IAMGRAPH_DATABASE_URL", "sqlite:///proc/no/such/dir/db.sqlite3", "cannot be created"),
        ("IAMGRAPH_PUBLIC_URL", "example.com", "is not a URL"),
        ("IAMGRAPH_GRAPHQL_MAX_COST", "-5", "is out of range"),
        ("IAMGRAPH_GRAPHQL_TIMEOUT", "soon", "is not a number of seconds"),
    ],
)
def test_a_bad_setting_is_one_line_and_exit_code_2(name: str, value: str, said: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        done = _iamgraph("serve", "--port", str(free_port()), workdir=workdir, **{name: value})
        assert done.returncode == 2
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and said in lines[0], done.stderr
        assert name in lines[0] or "PostgreSQL" in lines[0] or "SQLite" in lines[0]
        assert "Traceback" not in done.stderr
        assert not os.path.exists(os.path.join(workdir, "iamgraph.sqlite3"))


def test_a_port_in_use_is_reported_before_anything_is_written() -> None:
    with tempfile.TemporaryDirectory() as workdir, socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _iamgraph("serve", "--port", str(port), workdir=workdir)
        assert done.returncode == 2
        assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
        assert os.listdir(workdir) == []  # no database, no key file, no password printed


def test_migrate_makes_the_schema_and_files_readable_by_the_owner_only() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        done = _iamgraph("migrate", workdir=workdir)
        assert done.returncode == 0, done.stderr
        for name in ("iamgraph.sqlite3", "iamgraph.key"):
            mode = stat.S_IMODE(os.stat(os.path.join(workdir, name)).st_mode)
            assert mode == 0o600, (name, oct(mode))


def test_reset_password_then_log_in_with_it() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        env = {"IAMGRAPH_DATABASE_URL": url}
        missing = _iamgraph(
            "admin", "reset-password", "--password-stdin", workdir=workdir, stdin="x\n", **env
        )
        assert missing.returncode == 1 and "realm master does not exist" in missing.stderr
        with serve_process(url, workdir, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD):
            pass
        nobody = _iamgraph(
            "admin",
            "reset-password",
            "--username",
            "nobody",
            "--password-stdin",
            workdir=workdir,
            stdin="x\n",
            **env,
        )
        assert nobody.returncode == 1 and "has no user nobody" in nobody.stderr
        done = _iamgraph(
            "admin", "reset-password", "--password-stdin", workdir=workdir, stdin="Fresh-passw0rd\n", **env
        )
        assert done.returncode == 0, done.stderr
        with serve_process(url, workdir, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD) as (base, _):
            assert password_token(base, "master", "admin", "Fresh-passw0rd")
            refused = httpx.post(
                f"{base}/realms/master/protocol/openid-connect/token",
                data={
                    "grant_type": "password",
                    "client_id": "admin-cli",
                    "username": "admin",
                    "password": ADMIN_PASSWORD,
                },
            )
            assert refused.status_code == 401


def test_three_processes_start_at_once_on_a_new_database() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir, ExitStack() as stack:
        # All three enter serve_process together: each waits for its own /health/ready.
        with ThreadPoolExecutor(3) as pool:
            started = list(
                pool.map(
                    lambda _: stack.enter_context(
                        serve_process(url, workdir, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD)
                    ),
                    range(3),
                )
            )
        for base, process in started:
            assert process.poll() is None
            token = password_token(base, "master", "admin", ADMIN_PASSWORD)
            realms = httpx.get(f"{base}/admin/realms", headers={"Authorization": f"Bearer {token}"}).json()
            assert [r["realm"] for r in realms] == ["master"]


def test_workers_serve() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        with serve_process(url, workdir, "--workers", "2", IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD) as (
            base,
            _,
        ):
            for _ in range(6):
                assert password_token(base, "master", "admin", ADMIN_PASSWORD)
