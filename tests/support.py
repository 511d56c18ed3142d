"""Test support: fresh databases on either backend, the real server in a thread, SQL statement counts."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
import uvicorn

from core.settings import Settings
from iamgraph.db import unreachable

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "test-admin-password"
# The backend under test: IAMGRAPH_TEST_DATABASE_URL names a PostgreSQL server (a fresh database is
# made on it for each use); without it, SQLite files in a temporary folder.
PG_URL = os.environ.get("IAMGRAPH_TEST_DATABASE_URL", "")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _pg_admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_URL.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextmanager
def fresh_database_url() -> Iterator[str]:
    """A new, empty database for the backend under test, dropped afterwards."""
    if PG_URL:
        if problem := unreachable(PG_URL):
            pytest.exit(f"{problem}; without IAMGRAPH_TEST_DATABASE_URL the tests run on SQLite", 2)
        name = "iamgraph_test_" + uuid.uuid4().hex[:12]
        asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
        parts = urlsplit(PG_URL)
        try:
            yield urlunsplit(parts._replace(path="/" + name))
        finally:
            asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite://{folder}/iamgraph.sqlite3"


def server_settings(database_url: str, key_folder: str, **overrides: Any) -> Settings:
    env = {
        "IAMGRAPH_DATABASE_URL": database_url,
        "IAMGRAPH_ADMIN_USERNAME": ADMIN_USERNAME,
        "IAMGRAPH_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "IAMGRAPH_KEY_FILE": os.path.join(key_folder, "iamgraph.key"),
        "IAMGRAPH_MAX_BODY_BYTES": "65536",
    }
    env.update({k: str(v) for k, v in overrides.items()})
    return Settings.from_env(env)


@dataclass
class RunningServer:
    base_url: str
    server: uvicorn.Server
    thread: threading.Thread
    loop: asyncio.AbstractEventLoop

    def run(self, coro: Any, timeout: float = 60) -> Any:
        """Run a coroutine on the server's event loop (for seeding and inspecting the database)."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def start_server(settings: Settings) -> RunningServer:
    """The real uvicorn server, serving the real app on a free port, in a thread of this process."""
    from iamgraph.app import create_app

    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    holder: dict[str, asyncio.AbstractEventLoop] = {}

    def serve() -> None:
        loop = asyncio.new_event_loop()
        holder["loop"] = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(server.serve())
        finally:
            loop.close()

    thread = threading.Thread(target=serve, name="iamgraph-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    return RunningServer(
        base_url=f"http://127.0.0.1:{port}", server=server, thread=thread, loop=holder["loop"]
    )


class SqlCounter(logging.Handler):
    """Counts the SQL statements Tortoise sends, by its debug log of each query."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.lstrip().split(" ", 1)[0].upper() in {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}:
            self.statements.append(message)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_sql() -> Iterator[SqlCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter = SqlCounter()
    previous = logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous)


def password_token(
    base_url: str, realm: str, username: str, password: str, client_id: str = "admin-cli"
) -> str:
    response = httpx.post(
        f"{base_url}/realms/{realm}/protocol/openid-connect/token",
        data={"grant_type": "password", "client_id": client_id, "username": username, "password": password},
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


class AdminTokens:
    """The master admin's access token, minted again before it expires (a slow run on a loaded CI machine
    outlives the realm's access-token lifespan), or at once after a test took away the key that signed it."""

    def __init__(self, base_url: str) -> None:
        self._base_url = base_url
        self._minted: tuple[float, str] | None = None

    def __call__(self) -> str:
        if self._minted is None or time.monotonic() - self._minted[0] > 120:
            token = password_token(self._base_url, "master", ADMIN_USERNAME, ADMIN_PASSWORD)
            self._minted = (time.monotonic(), token)
        return self._minted[1]

    def renew(self) -> str:
        self._minted = None
        return self()


def admin_client_id(realm: str) -> str:
    """The clientId of the client holding realm ``realm``'s admin roles for its own users: master's
    ``master-realm``, any other realm's ``realm-management``."""
    return "master-realm" if realm == "master" else "realm-management"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@contextmanager
def serve_process(
    database_url: str, workdir: str, *options: str, **env: str
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """The real command line, ``iamgraph serve``, in a child process; yields its base URL and the process."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IAMGRAPH_")}
    environment.update({"IAMGRAPH_DATABASE_URL": database_url, **env})
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "iamgraph.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            *options,
        ],
        cwd=workdir,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = (
            time.monotonic() + 180
        )  # a loaded machine: several processes may wait for the start lock in turn
        while True:
            try:
                if httpx.get(f"{base}/health/ready", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                if process.poll() is None:
                    process.kill()
                    process.wait(timeout=30)
                raise RuntimeError(f"server did not start: {process.stdout.read() if process.stdout else ''}")
            time.sleep(0.2)
        yield base, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
        if process.stdout and not process.stdout.closed:
            process.stdout.close()
