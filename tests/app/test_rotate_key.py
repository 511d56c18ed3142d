"""``iamgraph rotate-secret-key``: every secret sealed again under a new key file or passphrase in one
transaction; afterwards the new key serves (tokens are signed with the re-sealed private keys, client
secrets still authenticate) and the old key refuses to start."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile

import httpx

from tests.support import ADMIN_PASSWORD, fresh_database_url, password_token, serve_process


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
        timeout=120,
    )


def _client_secret_works(base: str, secret: str) -> bool:
    answer = httpx.post(
        f"{base}/realms/master/protocol/openid-connect/token",
        data={"grant_type": "client_credentials"},
        auth=("rotation-probe", secret),
    )
    return answer.status_code == 200


def test_rotate_to_a_new_key_file_then_to_a_passphrase() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        env = {"IAMGRAPH_DATABASE_URL": url}
        with serve_process(url, workdir, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD) as (base, _):
            token = password_token(base, "master", "admin", ADMIN_PASSWORD)
            made = httpx.post(
                f"{base}/admin/realms/master/clients",
                headers={"Authorization": f"Bearer {token}"},
                json={
                    "clientId": "rotation-probe",
                    "secret": "probe-secret-1",
                    "serviceAccountsEnabled": True,
                    "publicClient": False,
                },
            )
            assert made.status_code == 201, made.text
            assert _client_secret_works(base, "probe-secret-1")

        same = _iamgraph("rotate-secret-key", "--new-key-file", "iamgraph.key", workdir=workdir, **env)
        assert same.returncode == 2 and "is the current key file" in same.stderr

        rotated = _iamgraph("rotate-secret-key", "--new-key-file", "next.key", workdir=workdir, **env)
        assert rotated.returncode == 0, rotated.stderr
        assert (
            "secrets sealed with the new key" in rotated.stdout
            and "IAMGRAPH_KEY_FILE=next.key" in rotated.stdout
        )
        assert stat.S_IMODE(os.stat(os.path.join(workdir, "next.key")).st_mode) == 0o600

        refused = _iamgraph("migrate", workdir=workdir, **env)  # the old key file
        assert refused.returncode == 2 and "is not the one this database was sealed with" in refused.stderr
        assert "Traceback" not in refused.stderr
        with serve_process(url, workdir, IAMGRAPH_KEY_FILE="next.key") as (base, _):
            assert password_token(base, "master", "admin", ADMIN_PASSWORD)
            assert _client_secret_works(base, "probe-secret-1")

        to_passphrase = _iamgraph(
            "rotate-secret-key",
            "--new-passphrase-stdin",
            workdir=workdir,
            stdin="a new passphrase\n",
            IAMGRAPH_KEY_FILE="next.key",
            **env,
        )
        assert to_passphrase.returncode == 0, to_passphrase.stderr
        old = _iamgraph("migrate", workdir=workdir, IAMGRAPH_KEY_FILE="next.key", **env)
        assert old.returncode == 2 and "sealed with a passphrase" in old.stderr
        wrong = _iamgraph("migrate", workdir=workdir, IAMGRAPH_SECRET_KEY="another one", **env)
        assert wrong.returncode == 2 and "not the passphrase" in wrong.stderr
        with serve_process(url, workdir, IAMGRAPH_SECRET_KEY="a new passphrase") as (base, _):
            assert password_token(base, "master", "admin", ADMIN_PASSWORD)
            assert _client_secret_works(base, "probe-secret-1")
