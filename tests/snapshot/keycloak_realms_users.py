"""Keycloak admin REST: realms (create, read, update, delete, import), users (CRUD, search, count) and
the user profile."""

from __future__ import annotations

from tests.snapshot.script import REALM, A, Script, location_id

JSON = {"Content-Type": "application/json"}
IMPORT = {
    "realm": "snapimport",
    "enabled": True,
    "roles": {
        "realm": [{"name": "chief", "composites": {"realm": ["staff"]}}, {"name": "staff"}],
        "client": {"shop": [{"name": "buyer", "description": "buys"}]},
    },
    "clients": [{"clientId": "shop", "publicClient": True, "directAccessGrantsEnabled": True}],
    "groups": [
        {
            "name": "top",
            "attributes": {"k": ["v"]},
            "realmRoles": ["staff"],
            "subGroups": [{"name": "inner", "clientRoles": {"shop": ["buyer"]}}],
        },
    ],
    "users": [
        {
            "username": "imported",
            "enabled": True,
            "email": "imported@example.org",
            "credentials": [{"type": "password", "value": "imported-pw"}],
            "realmRoles": ["chief"],
            "groups": ["/top/inner"],
        },
    ],
}


def realms(s: Script) -> None:
    s.section("keycloak realms")
    s.call(
        "POST",
        "/admin/realms",
        json_body={"realm": REALM, "enabled": True, "displayName": "Snapshot", "someFutureSetting": {"a": 1}},
    )
    s.call("POST", "/admin/realms", json_body={"realm": REALM, "enabled": True})
    for body in (b"{not json", b'{"realm": "x y"}'):
        s.call("POST", "/admin/realms", content=body, headers=JSON)
    s.call("POST", "/admin/realms", json_body={"realm": "typed", "accessTokenLifespan": "long"})
    s.call("PUT", A, json_body={"displayName": "Snapshot realm", "accessTokenLifespanForImplicitFlow": 600})
    s.call("GET", A)
    s.call("PUT", f"{A}/events/config", json_body={"eventsEnabled": True, "adminEventsDetailsEnabled": True})
    s.call("PUT", "/admin/realms/nope", json_body={"displayName": "x"})
    s.call("DELETE", "/admin/realms/master")
    s.anonymous("GET", "/admin/realms")
    s.anonymous("GET", f"{A}/users", headers={"Authorization": "Basic abc"})

    s.section("keycloak realm import")
    s.call("POST", "/admin/realms", json_body=IMPORT)
    base = "/admin/realms/snapimport"
    s.call("GET", f"{base}/roles/chief/composites")
    s.call("GET", f"{base}/group-by-path/top/inner")
    s.login("imported", "imported-pw", realm="snapimport")
    s.call("POST", "/admin/realms", json_body={"realm": "snapbroken", "roles": {"realm": [{"x": 1}]}})
    s.call("GET", "/admin/realms/snapbroken")
    s.call("DELETE", base)


PEOPLE = [
    {
        "username": "anna",
        "email": "anna@corp.io",
        "firstName": "Anna",
        "lastName": "Berg",
        "attributes": {"dept": ["sales"]},
    },
    {
        "username": "annabel",
        "email": "bel@corp.io",
        "firstName": "Bel",
        "lastName": "Annan",
        "enabled": False,
    },
    {
        "username": "bob",
        "email": "bob@else.org",
        "firstName": "Bob",
        "lastName": "Stone",
        "emailVerified": True,
        "attributes": {"dept": ["it"], "shoe": ["42"]},
    },
]


def users(s: Script) -> None:
    s.section("keycloak users")
    for rep in PEOPLE:
        s.user(**rep)  # type: ignore[arg-type]
    carol = location_id(s.call("POST", f"{A}/users", json_body={"username": "Carol", "enabled": True}))
    s.call("POST", f"{A}/users", json_body={"username": "ANNA"})
    s.call("POST", f"{A}/users", json_body={"username": "anna2", "email": "ANNA@corp.io"})
    for bad in (
        {},
        {"username": "x", "email": "not-an-email"},
        {"username": "x", "requiredActions": ["DANCE"]},
    ):
        s.call("POST", f"{A}/users", json_body=bad)
    s.call("GET", f"{A}/users")
    s.call("GET", f"{A}/users/{carol}")
    for params in (
        {"search": "ann"},
        {"username": "anna", "exact": "true"},
        {"email": "else.org", "briefRepresentation": "true"},
        {"q": "dept:it"},
        {"first": 1, "max": 2},
        {"max": "many"},
    ):
        s.call("GET", f"{A}/users", params=params)
    s.call("GET", f"{A}/users/count", params={"search": "ann"})

    bob = s.ids["bob"]
    s.call("PUT", f"{A}/users/{bob}", json_body={"firstName": "Robert", "attributes": {"dept": ["ops"]}})
    s.call("GET", f"{A}/users/{bob}")
    s.call("PUT", f"{A}/users/{bob}", json_body={"email": "anna@corp.io"})
    s.call("PUT", f"{A}/users/{bob}", json_body={"username": "renamed"})
    s.call("PUT", f"{A}/users/no-such-id", json_body={})
    s.call("DELETE", f"{A}/users/{carol}")
    s.call("GET", f"{A}/users/{carol}")


def user_profile(s: Script) -> None:
    s.section("keycloak user profile")
    profile = s.call("GET", f"{A}/users/profile").json()
    profile["attributes"].append(
        {
            "name": "department",
            "displayName": "Department",
            "permissions": {"view": ["admin"], "edit": ["admin"]},
            "group": "user-metadata",
            "validations": {"length": {"max": 64}},
        }
    )
    s.call("PUT", f"{A}/users/profile", json_body=profile)
    s.call("GET", f"{A}/users/profile/metadata")
    no_username = {**profile, "attributes": [a for a in profile["attributes"] if a["name"] != "username"]}
    s.call("PUT", f"{A}/users/profile", json_body=no_username)
    s.user("profiled", attributes={"department": ["sales"], "shoe": ["44"]})
    s.call("GET", f"{A}/users/{s.ids['profiled']}/unmanagedAttributes")
