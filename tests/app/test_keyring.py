"""The key-encryption key against the database's key marker: an instance given another key (another key
file, another passphrase, a passphrase where a key file sealed the database) refuses to start with one
line that says what to do; a database sealed before markers existed keeps opening with its passphrase."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile

from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate

from core import jwt
from core.secrets import SecretBox
from iamgraph.db import tortoise_config
from tests.support import ADMIN_PASSWORD, free_port, fresh_database_url, password_token, serve_process


def _serve_refused(url: str, workdir: str, **env: str) -> str:
    """``iamgraph serve`` that must refuse to start: its one line of error."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IAMGRAPH_")}
    environment.update({"IAMGRAPH_DATABASE_URL": url, **env})
    done = subprocess.run(
        [sys.executable, "-m", "iamgraph.cli", "serve", "--port", str(free_port())],
        cwd=workdir,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_second_instance_with_another_key_file_refuses_to_start() -> None:
    with (
        fresh_database_url() as url,
        tempfile.TemporaryDirectory() as first,
        tempfile.TemporaryDirectory() as other,
    ):
        with serve_process(url, first, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD):
            pass
        said = _serve_refused(url, other)
        assert "is not the one this database was sealed with" in said
        assert "IAMGRAPH_KEY_FILE" in said
        said = _serve_refused(url, first, IAMGRAPH_SECRET_KEY="a passphrase")
        assert "sealed with a key file, but IAMGRAPH_SECRET_KEY is set" in said
        with serve_process(url, first) as (base, _):  # the first instance's key still opens it
            assert password_token(base, "master", "admin", ADMIN_PASSWORD)


def test_a_passphrase_must_be_the_same_on_every_instance() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        with serve_process(
            url, workdir, IAMGRAPH_SECRET_KEY="first passphrase", IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD
        ):
            pass
        assert "is not the passphrase this database was sealed with" in _serve_refused(
            url, workdir, IAMGRAPH_SECRET_KEY="another passphrase"
        )
        assert "set IAMGRAPH_SECRET_KEY" in _serve_refused(url, workdir)
        with serve_process(url, workdir, IAMGRAPH_SECRET_KEY="first passphrase") as (base, _):
            assert password_token(base, "master", "admin", ADMIN_PASSWORD)


async def _sealed_before_markers(url: str, passphrase: str) -> None:
    """A database at the migration before the marker, with a realm key sealed the way passphrases were
    turned into keys then (one SHA-256)."""
    config = tortoise_config(url)
    await migrate(config=config, target="models.0008_realm_admin_clients")
    await Tortoise.init(config=config)
    conn = connections.get("default")
    numbered = conn.capabilities.dialect == "postgres"
    private = jwt.generate_key("RS256", "old-kid")
    rows = {
        "realm": {"id": "old-id", "name": "old", "enabled": True, "config": "{}", "created_at": 0},
        "iam_key": {
            "kid": "old-kid",
            "realm_id": "old-id",
            "set_name": "",
            "algorithm": "RS256",
            "use": "sig",
            "public_jwk": json.dumps(jwt.public_dict(private)),
            "private_enc": SecretBox.from_passphrase(passphrase, None).seal(jwt.private_json(private)),
            "active": True,
            "priority": 100,
            "created_at": 0,
        },
    }
    for table, row in rows.items():
        marks = [f"${n}" if numbered else "?" for n in range(1, len(row) + 1)]
        sql = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(marks)})"
        await conn.execute_query(sql, list(row.values()))
    await Tortoise.close_connections()


def test_a_database_sealed_before_markers_keeps_opening_with_its_passphrase() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        asyncio.run(_sealed_before_markers(url, "old passphrase"))
        assert "is not the passphrase" in _serve_refused(url, workdir, IAMGRAPH_SECRET_KEY="wrong passphrase")
        env = {"IAMGRAPH_SECRET_KEY": "old passphrase", "IAMGRAPH_ADMIN_PASSWORD": ADMIN_PASSWORD}
        with serve_process(url, workdir, **env) as (base, _):
            token = password_token(base, "master", "admin", ADMIN_PASSWORD)
            assert token
        # The marker now names the old derivation: the same passphrase opens it again, another does not.
        assert "is not the passphrase" in _serve_refused(url, workdir, IAMGRAPH_SECRET_KEY="wrong passphrase")
        with serve_process(url, workdir, **env) as (base, _):
            assert password_token(base, "master", "admin", ADMIN_PASSWORD)
