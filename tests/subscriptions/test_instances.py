"""Two server processes on one database: an event written through one reaches the other's subscribers
(PostgreSQL, and SQLite with both processes on one file)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import tempfile

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from tests.subscriptions.client import ADMIN_EVENTS, session
from tests.support import ADMIN_PASSWORD, ADMIN_USERNAME, fresh_database_url, password_token, serve_process


async def _written_on_first_seen_on_second(first: str, second: str, process: subprocess.Popen[str]) -> None:
    token = password_token(first, "master", ADMIN_USERNAME, ADMIN_PASSWORD)
    async with session(second, token) as ws:
        await ws.subscribe(ADMIN_EVENTS, realm="master", resources=["USER"])
        await ws.nothing(0.5)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=first, headers=headers) as client:
            created = await client.post(
                "/admin/realms/master/users", json={"username": "on-first", "enabled": True}
            )
            assert created.status_code == 201, created.text
        user_id = created.headers["location"].rsplit("/", 1)[1]
        event = await ws.event("adminEvents")
        assert (event["operationType"], event["resourcePath"]) == ("CREATE", f"users/{user_id}")
        process.terminate()  # a graceful shutdown tells subscribers to come back (1012, service restart)
        with pytest.raises(ConnectionClosed) as closed:
            await ws.receive(wait=30)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1012


@pytest.mark.slow
def test_an_event_written_on_one_instance_reaches_another() -> None:
    # Synchronous: making and dropping a PostgreSQL database runs an event loop of its own.
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        env = {
            "IAMGRAPH_ADMIN_USERNAME": ADMIN_USERNAME,
            "IAMGRAPH_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "IAMGRAPH_KEY_FILE": os.path.join(workdir, "iamgraph.key"),
        }
        with (
            serve_process(url, workdir, **env) as (first, _),
            serve_process(url, workdir, **env) as (second, process),
        ):
            asyncio.run(_written_on_first_seen_on_second(first, second, process))
