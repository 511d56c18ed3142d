"""``iamgraph import``: realms from Keycloak-format files (one representation, a list, or kc.sh's export
folder with its users files), created as POST /admin/realms creates them; a realm that exists is replaced
or, with --override false, left alone; a bad file is one line and exit code 1."""

from __future__ import annotations

import json
import os
import tempfile

import httpx

from tests.app.test_rotate_key import _iamgraph
from tests.support import ADMIN_PASSWORD, fresh_database_url, password_token, serve_process


def _realm(name: str, *, password: str, role: str = "reader") -> dict[str, object]:
    return {
        "realm": name,
        "enabled": True,
        "roles": {"realm": [{"name": role, "description": "reads"}]},
        "groups": [{"name": "staff", "realmRoles": [role]}],
        "users": [
            {
                "username": "alice",
                "enabled": True,
                "email": "alice@example.com",
                "groups": ["/staff"],
                "credentials": [{"type": "password", "value": password}],
            }
        ],
    }


def test_import_a_file_and_a_folder() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        env = {"IAMGRAPH_DATABASE_URL": url, "IAMGRAPH_ADMIN_PASSWORD": ADMIN_PASSWORD}
        with open(os.path.join(workdir, "one.json"), "w") as handle:
            json.dump(
                [_realm("first", password="Alice-1-pass"), _realm("second", password="Alice-2-pass")], handle
            )
        folder = os.path.join(workdir, "export")
        os.mkdir(folder)
        third = _realm("third", password="Alice-3-pass")
        users = third.pop("users")
        with open(os.path.join(folder, "third-realm.json"), "w") as handle:
            json.dump(third, handle)
        with open(os.path.join(folder, "third-users-0.json"), "w") as handle:
            json.dump({"realm": "third", "users": users}, handle)

        done = _iamgraph("import", "--file", "one.json", workdir=workdir, **env)
        assert done.returncode == 0, done.stderr
        assert "realm first imported" in done.stdout and "realm second imported" in done.stdout
        assert _iamgraph("import", "--dir", "export", workdir=workdir, **env).returncode == 0

        with open(os.path.join(workdir, "again.json"), "w") as handle:
            json.dump(_realm("first", password="Alice-new-pass", role="writer"), handle)
        kept = _iamgraph("import", "--file", "again.json", "--override", "false", workdir=workdir, **env)
        assert kept.returncode == 0 and "realm first exists, left as it is" in kept.stdout
        replaced = _iamgraph("import", "--file", "again.json", workdir=workdir, **env)
        assert replaced.returncode == 0 and "realm first replaced" in replaced.stdout

        with serve_process(url, workdir, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD) as (base, _):
            assert password_token(base, "first", "alice", "Alice-new-pass")
            assert password_token(base, "second", "alice", "Alice-2-pass")
            assert password_token(base, "third", "alice", "Alice-3-pass")
            admin = {"Authorization": f"Bearer {password_token(base, 'master', 'admin', ADMIN_PASSWORD)}"}
            roles = httpx.get(f"{base}/admin/realms/first/roles", headers=admin).json()
            assert {"writer"} <= {r["name"] for r in roles} and "reader" not in {r["name"] for r in roles}
            [staff] = httpx.get(f"{base}/admin/realms/third/groups", headers=admin).json()
            members = httpx.get(
                f"{base}/admin/realms/third/groups/{staff['id']}/members", headers=admin
            ).json()
            assert [m["username"] for m in members] == ["alice"]


def test_a_bad_file_is_one_line_and_exit_code_1() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        env = {"IAMGRAPH_DATABASE_URL": url, "IAMGRAPH_ADMIN_PASSWORD": ADMIN_PASSWORD}
        with open(os.path.join(workdir, "broken.json"), "w") as handle:
            handle.write("{not json")
        with open(os.path.join(workdir, "bad.json"), "w") as handle:
            json.dump({"realm": "bad", "users": [{"username": "x", "credentials": "nope"}]}, handle)
        for name, said in (
            ("broken.json", "is not JSON"),
            ("missing.json", "cannot read"),
            ("bad.json", "realm bad:"),
        ):
            failed = _iamgraph("import", "--file", name, workdir=workdir, **env)
            assert failed.returncode == 1, failed.stderr
            assert said in failed.stderr and "Traceback" not in failed.stderr
            assert len(failed.stderr.strip().splitlines()) == 1
