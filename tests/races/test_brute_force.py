"""Brute-force accounting under concurrency: every failure is counted once, a lockout holds from the
failure that set it, and the right password is refused once the lockout is in force, on one instance or
several sharing the database."""

from __future__ import annotations

import asyncio
import os
import threading
from typing import Any

import httpx
import pytest

import resolvers.auth.grants.password as password_grant
from core import runtime
from core.passwords import verify_password
from tests.races.helpers import PASSWORD, Req, burst, login_form, make_user, set_realm, statuses, token_url
from tests.support import serve_process

# A lockout only by the failure count: no quick-login check, and waits far longer than the test.
LOCKOUT = {
    "bruteForceProtected": True,
    "failureFactor": 10,
    "waitIncrementSeconds": 600,
    "maxFailureWaitSeconds": 900,
    "quickLoginCheckMilliSeconds": 0,
    "minimumQuickLoginWaitSeconds": 60,
    "maxDeltaTimeSeconds": 43200,
    "permanentLockout": False,
}


def _status(admin: httpx.Client, realm: str, user_id: str) -> dict[str, Any]:
    response = admin.get(f"/admin/realms/{realm}/attack-detection/brute-force/users/{user_id}")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def _username(admin: httpx.Client, realm: str, user_id: str) -> str:
    return str(admin.get(f"/admin/realms/{realm}/users/{user_id}").json()["username"])


def _wrong(realm: str, name: str, count: int) -> list[Req]:
    return [Req("POST", token_url(realm), form=login_form(name, f"wrong-{i}")) for i in range(count)]


def test_concurrent_failures_are_counted_and_lock_out(admin: httpx.Client, realm: str, base_url: str) -> None:
    set_realm(admin, realm, **LOCKOUT)
    user_id = make_user(admin, realm, password=PASSWORD)
    name = _username(admin, realm, user_id)
    answers = burst(base_url, _wrong(realm, name, 49))
    # As if one after the other: ten wrong passwords are judged and counted, the rest meet the lockout.
    assert statuses(answers) == [400] * 39 + [401] * 10, [r.text for r in answers]
    assert all(r.json()["error"] == "invalid_grant" for r in answers)
    status = _status(admin, realm, user_id)
    assert status["numFailures"] == 10 and status["disabled"] is True
    right = httpx.post(base_url + token_url(realm), data=login_form(name, PASSWORD))
    assert right.status_code == 400 and right.json()["error"] == "invalid_grant", right.text


def test_concurrent_failures_lock_out_permanently(admin: httpx.Client, realm: str, base_url: str) -> None:
    set_realm(
        admin, realm, **{**LOCKOUT, "failureFactor": 5, "permanentLockout": True, "maxTemporaryLockouts": 0}
    )
    user_id = make_user(admin, realm, password=PASSWORD)
    name = _username(admin, realm, user_id)
    answers = burst(base_url, _wrong(realm, name, 30))
    assert statuses(answers) == [400] * 25 + [401] * 5, [r.text for r in answers]
    assert admin.get(f"/admin/realms/{realm}/users/{user_id}").json()["enabled"] is False
    status = _status(admin, realm, user_id)
    assert status["numFailures"] == 5 and status["disabled"] is True
    right = httpx.post(base_url + token_url(realm), data=login_form(name, PASSWORD))
    assert right.status_code == 400 and right.json()["error"] == "invalid_grant", right.text


def test_the_right_password_is_refused_once_a_lockout_is_in_force(
    admin: httpx.Client, realm: str, base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The right password passes the lockout check, then its verification is held back until wrong
    passwords have locked the user out: the login must not succeed past the lockout."""
    set_realm(admin, realm, **{**LOCKOUT, "failureFactor": 5})
    user_id = make_user(admin, realm, password=PASSWORD)
    name = _username(admin, realm, user_id)
    checked, judged = threading.Event(), threading.Event()

    async def held_for_the_right_one(encoded: str, password: str) -> bool:
        if password == PASSWORD:
            checked.set()  # past the lockout check, which found none
            await asyncio.to_thread(judged.wait, 60)
        return await verify_password(encoded, password)

    monkeypatch.setattr(password_grant, "verify_password", held_for_the_right_one)

    async def race() -> tuple[httpx.Response, list[httpx.Response]]:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
            right = asyncio.create_task(client.post(token_url(realm), data=login_form(name, PASSWORD)))
            try:
                assert await asyncio.to_thread(checked.wait, 60)
                wrong = [client.post(token_url(realm), data=login_form(name, f"w{i}")) for i in range(20)]
                answers = list(await asyncio.gather(*wrong))
            finally:
                judged.set()
            return await right, answers

    right, wrong = asyncio.run(race())
    assert statuses(wrong) == [400] * 15 + [401] * 5
    assert right.status_code == 400 and right.json()["error"] == "invalid_grant", right.text
    status = _status(admin, realm, user_id)
    assert status["numFailures"] == 5 and status["disabled"] is True


def test_failures_through_two_instances_are_counted_once(
    admin: httpx.Client, realm: str, base_url: str
) -> None:
    """A second server process on the same database: the count and the lockout are the database's."""
    running = runtime.settings()
    key_file = str(running.key_file)
    with serve_process(running.database_url, os.path.dirname(key_file), IAMGRAPH_KEY_FILE=key_file) as (
        second,
        _,
    ):
        set_realm(admin, realm, **LOCKOUT)
        user_id = make_user(admin, realm, password=PASSWORD)
        name = _username(admin, realm, user_id)
        wrong = _wrong(realm, name, 40)

        async def both() -> list[httpx.Response]:
            halves = await asyncio.gather(
                asyncio.to_thread(burst, base_url, wrong[::2]), asyncio.to_thread(burst, second, wrong[1::2])
            )
            return [r for half in halves for r in half]

        answers = asyncio.run(both())
        assert statuses(answers) == [400] * 30 + [401] * 10, [r.text for r in answers]
        assert _status(admin, realm, user_id)["numFailures"] == 10
        for base in (base_url, second):
            right = httpx.post(base + token_url(realm), data=login_form(name, PASSWORD))
            assert right.status_code == 400, right.text
