"""Brute-force detection on the password grant: temporary lockout, release, permanent lockout."""

from __future__ import annotations

import time

import httpx
from keycloak import KeycloakAdmin

from tests.users.helpers import PASSWORD, limited_admin, login, make_user, set_realm, username_of

FAST = {
    "bruteForceProtected": True,
    "failureFactor": 2,
    "waitIncrementSeconds": 1,
    "maxFailureWaitSeconds": 1,
    "quickLoginCheckMilliSeconds": 1,
    "minimumQuickLoginWaitSeconds": 1,
    "maxDeltaTimeSeconds": 600,
}


def test_temporary_lockout_release_and_expiry(
    kc_admin: KeycloakAdmin, admin: httpx.Client, realm: str, base_url: str
) -> None:
    set_realm(admin, realm, **FAST)
    user_id = make_user(admin, realm)
    name = username_of(admin, realm, user_id)
    kc_admin.change_current_realm(realm)
    assert kc_admin.get_bruteforce_detection_status(user_id) == {
        "numFailures": 0,
        "disabled": False,
        "lastIPFailure": "n/a",
        "lastFailure": 0,
    }
    for _ in range(2):
        assert login(base_url, realm, name, "wrong").status_code == 401
    locked = login(base_url, realm, name, PASSWORD)
    assert locked.status_code == 400
    assert locked.json() == {"error": "invalid_grant", "error_description": "Invalid user credentials"}
    status = kc_admin.get_bruteforce_detection_status(user_id)
    assert status["numFailures"] == 2 and status["disabled"] is True
    assert status["lastIPFailure"] == "127.0.0.1" and status["lastFailure"] > 0

    kc_admin.clear_bruteforce_attempts_for_user(user_id)
    assert kc_admin.get_bruteforce_detection_status(user_id)["numFailures"] == 0
    assert login(base_url, realm, name, PASSWORD).status_code == 200

    for _ in range(2):
        login(base_url, realm, name, "wrong")
    assert login(base_url, realm, name, PASSWORD).status_code == 400
    time.sleep(2.0)
    assert login(base_url, realm, name, PASSWORD).status_code == 200
    # A success clears the count.
    assert kc_admin.get_bruteforce_detection_status(user_id)["numFailures"] == 0

    for _ in range(2):
        login(base_url, realm, name, "wrong")
    kc_admin.clear_all_bruteforce_attempts()
    assert login(base_url, realm, name, PASSWORD).status_code == 200
    events = admin.get(
        f"/admin/realms/{realm}/admin-events", params={"resourceTypes": "USER_LOGIN_FAILURE"}
    ).json()
    assert {e["resourcePath"] for e in events} == {
        f"attack-detection/brute-force/users/{user_id}",
        "attack-detection/brute-force/users",
    }


def test_permanent_lockout_disables_until_cleared(
    kc_admin: KeycloakAdmin, admin: httpx.Client, realm: str, base_url: str
) -> None:
    set_realm(admin, realm, **FAST, permanentLockout=True, maxTemporaryLockouts=0)
    user_id = make_user(admin, realm)
    name = username_of(admin, realm, user_id)
    for _ in range(2):
        assert login(base_url, realm, name, "wrong").status_code == 401
    kc_admin.change_current_realm(realm)
    assert kc_admin.get_user(user_id)["enabled"] is False
    refused = login(base_url, realm, name, PASSWORD)
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_grant"
    assert kc_admin.get_bruteforce_detection_status(user_id)["disabled"] is True
    kc_admin.clear_bruteforce_attempts_for_user(user_id)
    assert kc_admin.get_user(user_id)["enabled"] is True
    assert login(base_url, realm, name, PASSWORD).status_code == 200


def test_unprotected_realm_counts_nothing(admin: httpx.Client, realm: str, base_url: str) -> None:
    user_id = make_user(admin, realm)
    name = username_of(admin, realm, user_id)
    for _ in range(3):
        login(base_url, realm, name, "wrong")
    assert login(base_url, realm, name, PASSWORD).status_code == 200
    status = admin.get(f"/admin/realms/{realm}/attack-detection/brute-force/users/{user_id}").json()
    assert status["numFailures"] == 0
    unknown = admin.get(f"/admin/realms/{realm}/attack-detection/brute-force/users/nope")
    assert unknown.status_code == 200 and unknown.json()["disabled"] is False


def test_brute_force_rights(server, admin: httpx.Client, realm: str) -> None:  # type: ignore[no-untyped-def]
    user_id = make_user(admin, realm)
    url = f"/admin/realms/{realm}/attack-detection/brute-force/users"
    with limited_admin(server, admin, realm, "view-users") as viewer:
        assert viewer.get(f"{url}/{user_id}").status_code == 200
        assert viewer.delete(f"{url}/{user_id}").status_code == 403
        assert viewer.delete(url).status_code == 403
    with limited_admin(server, admin, realm, "query-clients") as nobody:
        assert nobody.get(f"{url}/{user_id}").status_code == 403
