"""lowball ``/builtins``: status, login and the header errors, tokens, clients, roles, enable/disable and
self registration. Client ids start with ``snap`` and lists are filtered to the script's own clients."""

from __future__ import annotations

from tests.snapshot.script import Script
from tests.support import ADMIN_PASSWORD

AUTH = "/builtins/auth"
TOKENS = f"{AUTH}/tokens"
CLIENTS = f"{AUTH}/clients"


def _login(s: Script, name: str, client_id: str, secret: str) -> None:
    response = s.anonymous("POST", AUTH, json_body={"client_id": client_id, "client_secret": secret})
    assert response.status_code == 200, response.text
    s.rec.caller(name, response.json()["token"])


def auth(s: Script) -> None:
    s.section("lowball auth")
    s.anonymous("GET", "/builtins/status")
    admin = s.anonymous("POST", AUTH, json_body={"username": "admin", "password": ADMIN_PASSWORD})
    s.rec.caller("lb-admin", admin.json()["token"])
    s.call("GET", AUTH, as_="lb-admin")
    s.anonymous("POST", AUTH, json_body={"username": "admin", "password": "wrong"})
    s.anonymous("POST", AUTH, json_body={"client_id": "snap-x"})
    s.anonymous("GET", AUTH)
    s.anonymous("GET", AUTH, headers={"Authorization": "Basic abc"})
    s.anonymous("GET", AUTH, as_="admin")  # a Keycloak access token is no lowball token


def clients(s: Script) -> None:
    s.section("lowball clients")
    create = f"{CLIENTS}/create"
    s.call(
        "POST",
        create,
        as_="lb-admin",
        json_body={"client_id": "snap-reader", "client_secret": "reader-secret", "roles": ["snapread"]},
    )
    s.call(
        "POST", create, as_="lb-admin", json_body={"client_id": "snap-other", "client_secret": "other-secret"}
    )
    s.call("POST", create, as_="lb-admin", json_body={"client_id": "snap-reader", "client_secret": "s"})
    s.call(
        "POST", create, as_="lb-admin", json_body={"client_id": "snap-x", "client_secret": "s", "roles": [1]}
    )
    _login(s, "snap-reader", "snap-reader", "reader-secret")
    s.call("GET", CLIENTS, as_="snap-reader")
    s.call("POST", CLIENTS, as_="snap-reader", json_body={"client_secret": "new-secret"})
    s.anonymous("POST", AUTH, json_body={"client_id": "snap-reader", "client_secret": "reader-secret"})
    _login(s, "snap-reader", "snap-reader", "new-secret")
    s.call("POST", CLIENTS, as_="snap-reader", json_body={"client_secret": "x", "roles": ["admin"]})
    s.call("POST", create, as_="snap-reader", json_body={"client_id": "snap-x", "client_secret": "s"})
    s.call("DELETE", f"{CLIENTS}/snap-other", as_="snap-reader")

    s.call("GET", f"{CLIENTS}/all", as_="lb-admin", params={"roles": "snapread"})
    s.call(
        "POST",
        f"{CLIENTS}/snap-reader",
        as_="lb-admin",
        json_body={"roles": ["snapread", "snapwrite"], "client_secret": "changed"},
    )
    s.call("POST", f"{CLIENTS}/snap-reader/roles/snapaudit", as_="lb-admin")
    s.call("DELETE", f"{CLIENTS}/snap-reader/roles/snapread", as_="lb-admin")
    s.call("GET", f"{CLIENTS}/snap-reader", as_="lb-admin")
    _login(s, "snap-reader", "snap-reader", "changed")
    s.call("GET", AUTH, as_="snap-reader")

    _login(s, "snap-other", "snap-other", "other-secret")
    s.call("POST", f"{CLIENTS}/snap-other/disable", as_="lb-admin")
    s.call("GET", AUTH, as_="snap-other")
    s.anonymous("POST", AUTH, json_body={"client_id": "snap-other", "client_secret": "other-secret"})
    s.call("POST", f"{CLIENTS}/snap-other/enable", as_="lb-admin")
    s.call("DELETE", f"{CLIENTS}/snap-other", as_="lb-admin")
    s.call("POST", f"{CLIENTS}/snap-other/enable", as_="lb-admin")

    s.section("lowball self registration")
    # Off by default (IAMGRAPH_LOWBALL_SELF_REGISTRATION), as on the session's server.
    s.anonymous(
        "POST", f"{CLIENTS}/register", json_body={"client_id": "snap-reg", "client_secret": "reg-secret"}
    )


def tokens(s: Script) -> None:
    s.section("lowball tokens")
    s.call(
        "POST",
        f"{CLIENTS}/create",
        as_="lb-admin",
        json_body={"client_id": "snap-holder", "client_secret": "holder-secret", "roles": ["snapread"]},
    )
    _login(s, "snap-holder", "snap-holder", "holder-secret")
    made = s.call(
        "POST", TOKENS, as_="snap-holder", json_body={"token_life": 600, "roles": ["snapread"]}
    ).json()
    tid = made["token_data"]["tid"]
    s.call("POST", TOKENS, as_="snap-holder", json_body={"token_life": 5})
    s.call("POST", TOKENS, as_="snap-holder", json_body={"roles": ["snapread", "admin"]})
    s.call("GET", TOKENS, as_="snap-holder", unordered=".")
    s.call("GET", f"{TOKENS}/{tid}", as_="snap-holder")
    s.call("DELETE", f"{TOKENS}/{tid}", as_="snap-reader")
    s.call("DELETE", f"{TOKENS}/{tid}", as_="snap-holder")
    s.call("GET", f"{TOKENS}/{tid}", as_="lb-admin")

    given = s.call(
        "POST",
        TOKENS,
        as_="lb-admin",
        json_body={"client_id": "snap-holder", "roles": ["snapread"], "token_life": 60},
    )
    s.rec.caller("snap-holder-given", given.json()["token"])
    s.call("GET", AUTH, as_="snap-holder-given")
    s.call("POST", TOKENS, as_="lb-admin", json_body={"client_id": "snap-missing"})
    s.call("GET", f"{TOKENS}/all", as_="snap-holder")
    s.call("GET", f"{TOKENS}/all", as_="lb-admin", params={"client_ids": "snap-holder"}, unordered=".")
    s.call(
        "GET",
        f"{TOKENS}/all",
        as_="lb-admin",
        params={"client_ids": "snap-reader", "roles": "snapaudit"},
        unordered=".",
    )
    s.call("DELETE", f"{TOKENS}/all", as_="lb-admin", params={"client_ids": "snap-holder"})
    s.call("GET", AUTH, as_="snap-holder-given")
    s.call("POST", f"{TOKENS}/cleanup", as_="lb-admin")
    s.call("GET", f"{TOKENS}/all", as_="lb-admin", params={"client_ids": "snap-holder"})

    _login(s, "snap-holder", "snap-holder", "holder-secret")
    s.call("DELETE", TOKENS, as_="snap-holder")
    s.call("GET", AUTH, as_="snap-holder")

    s.section("lowball clients through the keycloak door")
    holder = s.call("GET", "/admin/realms/master/users", params={"username": "snap-holder", "exact": "true"})
    s.call("GET", f"/admin/realms/master/users/{holder.json()[0]['id']}/role-mappings/realm")
    s.call("DELETE", f"{CLIENTS}/snap-reader", as_="lb-admin")
    s.call("GET", AUTH, as_="snap-reader")
    s.call("DELETE", AUTH, as_="lb-admin")
    s.call("GET", AUTH, as_="lb-admin")
