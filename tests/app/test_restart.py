"""The real command line: a first start makes master with a generated password shown once, and a restart
on the same database keeps realms, users, keys and token revocations."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile

import httpx

from tests.support import fresh_database_url
from tests.support import serve_process as serve


def _login(base: str, realm: str, username: str, password: str) -> dict:
    response = httpx.post(
        f"{base}/realms/{realm}/protocol/openid-connect/token",
        data={"grant_type": "password", "client_id": "admin-cli", "username": username, "password": password},
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_first_start_generates_a_password_and_a_restart_keeps_everything() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        with serve(url, workdir, IAMGRAPH_ADMIN_USERNAME="root") as (base, process):
            process.terminate()
            output = process.communicate(timeout=30)[0]
        match = re.search(r"generated password: (\S+)", output)
        assert match, output
        password = match.group(1)
        assert len(password) >= 20
        assert os.path.exists(os.path.join(workdir, "iamgraph.key")), (
            "the key-encryption key lives outside the db"
        )

        with serve(url, workdir) as (base, process):
            admin = _login(base, "master", "root", password)
            headers = {"Authorization": f"Bearer {admin['access_token']}"}
            assert (
                httpx.post(
                    f"{base}/admin/realms", json={"realm": "kept", "enabled": True}, headers=headers
                ).status_code
                == 201
            )
            assert (
                httpx.post(
                    f"{base}/admin/realms/kept/users",
                    headers=headers,
                    json={
                        "username": "stays",
                        "enabled": True,
                        "credentials": [{"type": "password", "value": "pw"}],
                    },
                ).status_code
                == 201
            )
            keys_before = httpx.get(f"{base}/realms/kept/protocol/openid-connect/certs").json()
            user_tokens = _login(base, "kept", "stays", "pw")
            assert (
                httpx.post(
                    f"{base}/realms/kept/protocol/openid-connect/logout",
                    data={"client_id": "admin-cli", "refresh_token": user_tokens["refresh_token"]},
                ).status_code
                == 204
            )
            process.terminate()
            output = process.communicate(timeout=30)[0]

        with serve(url, workdir) as (base, process):
            assert "generated password" not in output
            headers = {"Authorization": f"Bearer {admin['access_token']}"}
            assert httpx.get(f"{base}/admin/realms/kept", headers=headers).status_code == 200, (
                "token still valid"
            )
            users = httpx.get(f"{base}/admin/realms/kept/users", headers=headers).json()
            assert [u["username"] for u in users] == ["stays"]
            assert httpx.get(f"{base}/realms/kept/protocol/openid-connect/certs").json() == keys_before
            _login(base, "kept", "stays", "pw")
            revoked = httpx.get(
                f"{base}/realms/kept/protocol/openid-connect/userinfo",
                headers={"Authorization": f"Bearer {user_tokens['access_token']}"},
            )
            assert revoked.status_code == 401, "a revocation survives the restart"


def test_a_start_that_fails_exits_instead_of_hanging() -> None:
    """A database that cannot be opened ends the process with an error (no connection thread keeps it)."""
    with tempfile.TemporaryDirectory() as workdir:
        path = os.path.join(workdir, "broken.sqlite3")
        with open(path, "wb") as f:
            f.write(b"not a database" * 100)
        environment = {k: v for k, v in os.environ.items() if not k.startswith("IAMGRAPH_")}
        environment["IAMGRAPH_DATABASE_URL"] = f"sqlite://{path}"
        done = subprocess.run(
            [sys.executable, "-m", "iamgraph.cli", "serve", "--host", "127.0.0.1", "--port", "0"],
            cwd=workdir,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode != 0
        assert "cannot be used (file is not a database)" in done.stderr
        assert "Traceback" not in done.stdout + done.stderr
