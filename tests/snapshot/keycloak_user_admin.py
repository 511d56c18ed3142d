"""Keycloak admin REST around one user: credentials and password reset, sessions, consents, federated
identity, e-mail actions, attack detection; then admin rights, login and admin events."""

from __future__ import annotations

from tests.snapshot.script import PASSWORD, A, Script

POLICY = "length(8) and digits(1) and upperCase(1) and specialChars(1) and notUsername and passwordHistory(2)"


def _reset(s: Script, user_id: str, value: str, **extra: object) -> None:
    s.call(
        "PUT", f"{A}/users/{user_id}/reset-password", json_body={"type": "password", "value": value, **extra}
    )


def credentials(s: Script) -> None:
    s.section("keycloak credentials")
    uid = s.user("keyholder")
    base = f"{A}/users/{uid}"
    password_id = s.call("GET", f"{base}/credentials").json()[0]["id"]
    s.call(
        "PUT",
        f"{base}/credentials/{password_id}/userLabel",
        content="my password",
        headers={"Content-Type": "text/plain"},
    )
    s.call("POST", f"{base}/credentials/{password_id}/moveToFirst")
    _reset(s, uid, "Another-pass-2", temporary=True)
    s.call("GET", base)
    s.login("keyholder", "Another-pass-2")
    _reset(s, uid, PASSWORD, temporary=False)
    s.login("keyholder", "Another-pass-2")
    s.call("PUT", f"{base}/reset-password", json_body={"type": "password"})
    s.call("PUT", f"{base}/disable-credential-types", json_body=["otp"])

    s.section("keycloak password policy")
    s.call("PUT", A, json_body={"passwordPolicy": POLICY})
    for value in ("Ab1!", "Abcdefg12", "Good-pass-1", "Good-pass-2", "Good-pass-1"):
        _reset(s, uid, value)
    s.call("PUT", A, json_body={"passwordPolicy": ""})
    current = s.call("GET", f"{base}/credentials").json()[0]["id"]
    s.call("DELETE", f"{base}/credentials/{current}")
    s.call("GET", f"{base}/credentials")


def sessions(s: Script) -> None:
    s.section("keycloak sessions")
    uid = s.user("sessioned")
    s.login("sessioned")
    listed = s.call("GET", f"{A}/users/{uid}/sessions").json()
    s.call("GET", f"{A}/client-session-stats")
    admin_cli = next(iter(listed[0]["clients"]))
    s.call("GET", f"{A}/users/{uid}/offline-sessions/{admin_cli}")
    s.call("DELETE", f"{A}/sessions/{listed[0]['id']}")
    s.call("DELETE", f"{A}/sessions/{listed[0]['id']}")
    s.login("sessioned")
    s.call("POST", f"{A}/users/{uid}/logout")
    s.call("POST", f"{A}/users/{uid}/impersonation")
    s.call("GET", f"{A}/users/{uid}/sessions")
    s.call("POST", f"{A}/logout-all")
    s.call("POST", f"{A}/push-revocation")


def links(s: Script) -> None:
    s.section("keycloak consents and federated identity")
    uid = s.ids["anna"]
    s.call("GET", f"{A}/users/{uid}/consents")
    s.call("DELETE", f"{A}/users/{uid}/consents/account-console")
    fed = f"{A}/users/{uid}/federated-identity"
    s.call("GET", fed)
    s.call(
        "POST",
        f"{fed}/github",
        json_body={"identityProvider": "github", "userId": "gh-1", "userName": "octo"},
    )
    s.call("DELETE", f"{fed}/github")


def actions(s: Script) -> None:
    s.section("keycloak e-mail actions")
    s.call("PUT", f"{A}/users/{s.ids['newcomer']}/execute-actions-email", json_body=["UPDATE_PASSWORD"])
    s.call("PUT", f"{A}/users/{s.ids['annabel']}/send-verify-email")
    url = f"{A}/users/{s.ids['anna']}/execute-actions-email"
    s.call("PUT", url, json_body=["FLY"])
    s.call("PUT", url, params={"client_id": "nope"}, json_body=["UPDATE_PASSWORD"])


def attack_detection(s: Script) -> None:
    s.section("keycloak attack detection")
    uid = s.user("attacked")
    url = f"{A}/attack-detection/brute-force/users"
    s.call("GET", f"{url}/{uid}")
    # Long waits, so the lockout cannot run out while the script looks at it.
    s.call(
        "PUT",
        A,
        json_body={
            "bruteForceProtected": True,
            "failureFactor": 2,
            "waitIncrementSeconds": 600,
            "maxFailureWaitSeconds": 600,
            "maxDeltaTimeSeconds": 600,
        },
    )
    for _ in range(2):
        s.login("attacked", "wrong")
    s.login("attacked")
    s.call("GET", f"{url}/{uid}")
    s.call("DELETE", f"{url}/{uid}")
    s.login("attacked")
    s.call("DELETE", url)
    s.call("GET", f"{url}/{uid}")
    s.call("PUT", A, json_body={"bruteForceProtected": False})


def rights(s: Script) -> None:
    s.section("keycloak admin rights")
    s.limited("nobody")
    s.limited("viewer", "view-users", "view-realm")
    s.limited("manager", "manage-users")
    uid, gid, app = s.ids["bob"], s.ids["sales"], s.ids["snapapp"]
    s.call("GET", f"{A}/users", as_="nobody")
    s.call("GET", "/admin/realms", as_="nobody")
    s.call("GET", "/admin/realms", as_="viewer", params={"briefRepresentation": "true"})
    s.call("GET", "/admin/realms/master/users", as_="viewer")
    s.call("GET", f"{A}/users/{uid}/role-mappings", as_="viewer")
    s.call("GET", f"{A}/clients/{app}", as_="viewer")
    s.call("GET", f"{A}/admin-events", as_="viewer")
    s.call("PUT", f"{A}/users/{uid}", as_="viewer", json_body={"firstName": "x"})
    s.call("POST", "/admin/realms", as_="viewer", json_body={"realm": "stolen"})
    s.call("POST", f"{A}/users", as_="manager", json_body={"username": "made-by-manager"})
    s.call("PUT", f"{A}/users/{uid}/groups/{gid}", as_="manager")
    s.call("POST", f"{A}/roles", as_="manager", json_body={"name": "nope"})
    manage_realm = s.management_roles["manage-realm"]
    management = s.client_uuid("realm-management")
    s.call(
        "POST", f"{A}/users/{uid}/role-mappings/clients/{management}", as_="manager", json_body=[manage_realm]
    )
    s.call("POST", f"{A}/users/{uid}/impersonation", as_="manager")


def events(s: Script) -> None:
    s.section("keycloak events")
    s.call("GET", f"{A}/events", params={"type": "LOGIN", "max": 3})
    s.call("GET", f"{A}/events", params={"type": "LOGIN_ERROR", "max": 3})
    s.call("GET", f"{A}/events", params={"user": s.ids["attacked"]})
    s.call("PUT", f"{A}/events/config", json_body={"bogus": 1})
    s.call("PUT", f"{A}/events/config", json_body={"eventsExpiration": 3600, "enabledEventTypes": ["LOGIN"]})
    s.call("GET", f"{A}/events/config")
    admin_events = f"{A}/admin-events"
    s.call("GET", admin_events, params={"resourceTypes": "USER", "max": 4})
    s.call("GET", admin_events, params={"resourceTypes": ["REALM_ROLE", "CLIENT_ROLE"], "max": 4})
    s.call("GET", admin_events, params={"resourceTypes": ["USER_SESSION", "USER_LOGIN_FAILURE"]})
    s.call("GET", admin_events, params={"authUser": s.ids["manager"]})
    s.call("DELETE", f"{A}/events")
    s.call("DELETE", admin_events)
    s.call("GET", admin_events)
