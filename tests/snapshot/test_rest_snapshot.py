"""Every REST dialect answers a fixed script of requests exactly as recorded in tests/data/rest_snapshot.json.

The script runs on the session's server and depends on nothing else in it: the Keycloak parts work in a
realm of their own, the Keto and lowball parts (which serve master) on ids starting with ``snap`` and on
lists filtered to those. ``IAMGRAPH_SNAPSHOT_RECORD=1 python -m pytest tests/snapshot`` rewrites the
recording; the same file holds for SQLite and PostgreSQL.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.snapshot import keto, lowball
from tests.snapshot.keycloak_groups_roles import clients, groups, role_mappings, roles
from tests.snapshot.keycloak_oidc import oidc
from tests.snapshot.keycloak_realms_users import realms, user_profile, users
from tests.snapshot.keycloak_user_admin import (
    actions,
    attack_detection,
    credentials,
    events,
    links,
    rights,
    sessions,
)
from tests.snapshot.recorder import Recorder
from tests.snapshot.script import REALM, Script
from tests.support import ADMIN_PASSWORD, ADMIN_USERNAME, password_token

RECORDING = Path(__file__).parent.parent / "data" / "rest_snapshot.json"
SHOWN_DIFFERENCES = 3
STEPS = (
    realms,
    users,
    user_profile,
    groups,
    roles,
    clients,
    role_mappings,
    credentials,
    links,
    actions,
    attack_detection,
    rights,
    sessions,
    oidc,
    events,
    keto.flavors,
    keto.glob_details,
    keto.special_cases,
    keto.rights,
    lowball.auth,
    lowball.clients,
    lowball.tokens,
)
# What the script leaves in master, removed afterwards so the session's server is as before.
MASTER_USERS = ("snap-keto", "snap-holder", "snap-reader", "snap-other")


def _clean_up(base_url: str, token: str) -> None:
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as admin:
        for realm in (REALM, "snapimport"):
            admin.delete(f"/admin/realms/{realm}")
        for username in MASTER_USERS:
            found = admin.get("/admin/realms/master/users", params={"username": username, "exact": "true"})
            for user in found.json():
                admin.delete(f"/admin/realms/master/users/{user['id']}")
        # Keto documents are removed by the script itself; these only matter when it stopped half-way.
        for flavor in ("exact", "glob", "regex"):
            for kind in ("policies", "roles"):
                listed = admin.get(f"/engines/acp/ory/{flavor}/{kind}", params={"limit": 1000}).json()
                for doc in listed:
                    if _made_by_script(doc):
                        admin.delete(f"/engines/acp/ory/{flavor}/{kind}/{doc['id']}")


def _made_by_script(doc: dict[str, Any]) -> bool:
    names = [doc["id"], *doc.get("subjects", []), *doc.get("members", [])]
    return any(str(name).startswith("snap") for name in names)


@pytest.fixture
def admin_token_now(base_url: str) -> Iterator[str]:
    """A fresh master admin token (the session's may be near its end); the script's leftovers are removed
    afterwards so the session's server is as it was."""
    token = password_token(base_url, "master", ADMIN_USERNAME, ADMIN_PASSWORD)
    yield token
    _clean_up(base_url, token)


def run_script(base_url: str, admin_token: str) -> list[dict[str, Any]]:
    rec = Recorder(base_url)
    try:
        rec.caller("admin", admin_token)
        script = Script(rec)
        for step in STEPS:
            step(script)
        return rec.entries
    finally:
        rec.close()


def _text(entry: dict[str, Any]) -> list[str]:
    return json.dumps(entry, indent=2, sort_keys=True).splitlines()


def _differences(recorded: list[dict[str, Any]], fresh: list[dict[str, Any]]) -> str:
    lines = [f"{len(recorded)} recorded requests, {len(fresh)} in this run"]
    shown = 0
    for index in range(max(len(recorded), len(fresh))):
        old = recorded[index] if index < len(recorded) else None
        new = fresh[index] if index < len(fresh) else None
        if old == new:
            continue
        entry = new or old or {}
        request = entry.get("request", {})
        lines.append(f"--- #{index} ({entry.get('section')}): {request.get('method')} {request.get('path')}")
        lines.extend(
            difflib.unified_diff(
                _text(old) if old else [], _text(new) if new else [], "recorded", "this run", lineterm=""
            )
        )
        shown += 1
        if shown == SHOWN_DIFFERENCES:
            break
    return "\n".join(lines)


def test_rest_responses_match_the_recording(base_url: str, admin_token_now: str) -> None:
    fresh = run_script(base_url, admin_token_now)
    if os.environ.get("IAMGRAPH_SNAPSHOT_RECORD") == "1":
        RECORDING.write_text(json.dumps(fresh, indent=2, ensure_ascii=False) + "\n")
        return
    recorded = json.loads(RECORDING.read_text())
    if fresh != recorded:
        # Not a bare assert: pytest's own comparison of two long lists would bury the readable diff.
        pytest.fail(_differences(recorded, fresh), pytrace=False)
