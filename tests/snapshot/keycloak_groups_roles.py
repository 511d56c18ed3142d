"""Keycloak admin REST: the group tree, members and moves; realm and client roles, composites and
roles-by-id; clients; role mappings of users and groups."""

from __future__ import annotations

from tests.snapshot.script import A, Script, location_id

G = f"{A}/groups"
R = f"{A}/roles"


def groups(s: Script) -> None:
    s.section("keycloak groups")
    eng = location_id(
        s.call("POST", G, json_body={"name": "engineering", "attributes": {"site": ["berlin"]}})
    )
    sales = location_id(s.call("POST", G, json_body={"name": "sales", "attributes": {"region": ["emea"]}}))
    backend = s.call("POST", f"{G}/{eng}/children", json_body={"name": "backend"}).json()["id"]
    leaf = location_id(s.call("POST", f"{G}/{backend}/children", json_body={"name": "leaf"}))
    s.ids.update(engineering=eng, sales=sales, backend=backend, leaf=leaf)
    s.call("POST", G, json_body={"name": "sales"})
    s.call("POST", f"{G}/{eng}/children", json_body={"name": "backend"})
    s.call("POST", G, json_body={})
    s.call("GET", G, params={"search": "BACK", "briefRepresentation": "false"})
    s.call("GET", G, params={"search": "back", "populateHierarchy": "false"})
    s.call("GET", f"{G}/count")
    s.call("GET", f"{A}/group-by-path/engineering/backend/leaf")
    s.call("GET", f"{A}/group-by-path/engineering/nothing")
    s.call("PUT", f"{G}/{eng}", json_body={"name": "eng", "attributes": {"site": ["paris"]}})
    # Moves: under another group, never under its own subtree, back to the top level and down again.
    s.call("POST", f"{G}/{sales}/children", json_body={"id": backend})
    s.call("GET", f"{G}/{leaf}")
    s.call("POST", f"{G}/{leaf}/children", json_body={"id": backend})
    s.call("POST", f"{G}/{sales}/children", json_body={"id": "missing"})
    s.call("POST", G, json_body={"id": backend})
    s.call("GET", G)
    s.call("POST", f"{G}/{sales}/children", json_body={"id": backend})

    s.section("keycloak group members")
    anna, bob = s.ids["anna"], s.ids["bob"]
    for user, group in ((anna, sales), (bob, sales), (anna, leaf)):
        s.call("PUT", f"{A}/users/{user}/groups/{group}")
    s.call("GET", f"{G}/{sales}/members")
    s.call("GET", f"{A}/users/{anna}/groups")
    s.call("DELETE", f"{A}/users/{anna}/groups/{leaf}")
    s.call("PUT", f"{A}/users/{anna}/groups/missing")

    s.section("keycloak default groups and group permissions")
    everyone = location_id(s.call("POST", G, json_body={"name": "everyone"}))
    s.call("PUT", f"{A}/default-groups/{everyone}")
    s.call("GET", f"{A}/default-groups")
    newcomer = s.user("newcomer", password=None)
    s.call("GET", f"{A}/users/{newcomer}/groups")
    s.call("DELETE", f"{A}/default-groups/{everyone}")
    perms = f"{G}/{everyone}/management/permissions"
    s.call("PUT", perms, json_body={"enabled": True})
    s.call("DELETE", f"{G}/{everyone}")


def roles(s: Script) -> None:
    s.section("keycloak realm roles")
    s.call("POST", R, json_body={"name": "editor", "description": "edits", "attributes": {"a": ["1"]}})
    s.call("POST", R, json_body={"name": "editor"})
    editor = s.call("GET", f"{R}/editor").json()
    s.ids["editor"] = editor["id"]
    s.call("PUT", f"{R}/editor", json_body={"name": "writer", "description": "writes"})
    s.call("GET", f"{R}/editor")
    for name in ("boss", "worker", "nested"):
        s.call("POST", R, json_body={"name": name})
    s.roles.update({role["name"]: role for role in s.call("GET", R).json()})
    s.call("GET", R, params={"search": "RIT", "briefRepresentation": "false"})

    s.section("keycloak roles by id")
    by_id = f"{A}/roles-by-id/{editor['id']}"
    s.call("PUT", by_id, json_body={"name": "writer", "description": "by id"})
    s.call("GET", by_id)
    s.call("GET", f"{A}/roles-by-id/missing")
    s.call("PUT", f"{by_id}/management/permissions", json_body={"enabled": True})

    s.section("keycloak client roles")
    app = location_id(s.call("POST", f"{A}/clients", json_body={"clientId": "snapapp"}))
    s.ids["snapapp"] = app
    CR = f"{A}/clients/{app}/roles"
    for name in ("reader", "writer", "auditor"):
        s.call("POST", CR, json_body={"name": name, "description": f"{name} of snapapp"})
    s.call("POST", CR, json_body={"name": "reader"})
    s.call("PUT", f"{CR}/auditor", json_body={"name": "auditor", "description": "audits"})
    s.roles.update({f"app/{role['name']}": role for role in s.call("GET", CR).json()})

    s.section("keycloak composites")
    worker, nested, reader = s.roles["worker"], s.roles["nested"], s.roles["app/reader"]
    s.call("POST", f"{R}/boss/composites", json_body=[worker, reader])
    s.call("POST", f"{R}/worker/composites", json_body=[nested])
    s.call("GET", f"{R}/boss/composites")
    s.call("GET", f"{R}/boss/composites/clients/{app}")
    s.call("POST", f"{CR}/writer/composites", json_body=[reader])
    s.call("GET", f"{CR}/writer/composites/clients/{app}")
    s.call("DELETE", f"{CR}/writer/composites", json_body=[reader])
    s.call("DELETE", f"{R}/boss/composites", json_body=[reader])
    s.call("GET", f"{R}/boss/composites")


def clients(s: Script) -> None:
    s.section("keycloak clients")
    C = f"{A}/clients"
    s.call("GET", C)
    body = {"clientId": "web", "redirectUris": ["https://a.example/*"], "webOrigins": ["+"]}
    web = location_id(s.call("POST", C, json_body=body))
    s.call("POST", C, json_body={"clientId": "web"})
    s.call(
        "PUT",
        f"{C}/{web}",
        json_body={"clientId": "web2", "name": "Web", "publicClient": True, "enabled": False},
    )
    s.call("GET", f"{C}/{web}")
    s.call("GET", C, params={"clientId": "web", "search": "true"})
    s.call("PUT", f"{C}/{web}", json_body={"clientId": "snapapp"})
    service = {
        "clientId": "backend",
        "secret": "backend-secret",
        "publicClient": False,
        "serviceAccountsEnabled": True,
    }
    s.ids["backend-client"] = location_id(s.call("POST", C, json_body=service))
    s.call("DELETE", f"{C}/{web}")
    s.call("DELETE", f"{C}/{web}")
    s.call("DELETE", f"{C}/{s.client_uuid('realm-management')}")


def role_mappings(s: Script) -> None:
    s.section("keycloak user role mappings")
    app = s.ids["snapapp"]
    uid = s.user("mapped", password=None)
    base = f"{A}/users/{uid}/role-mappings"
    boss = s.roles["boss"]
    s.call("POST", f"{base}/realm", json_body=[boss])
    s.call("GET", f"{base}/realm/composite", params={"briefRepresentation": "false"})
    s.call("GET", f"{base}/realm/available")
    writer = s.roles["app/writer"]
    s.call("POST", f"{base}/clients/{app}", json_body=[writer])
    s.call("GET", f"{base}/clients/{app}/composite")
    s.call("GET", base)
    s.call("GET", f"{R}/boss/users")
    s.call("POST", f"{base}/realm", json_body=[{"name": "missing"}])
    s.call("DELETE", f"{base}/clients/{app}", json_body=[writer])
    s.call("DELETE", f"{base}/realm", json_body=[boss])
    s.call("GET", f"{base}/realm")
    s.call("DELETE", f"{base}/realm")
    s.call("GET", base)

    s.section("keycloak group role mappings")
    parent, child = s.ids["sales"], s.ids["backend"]
    gbase, cbase = f"{A}/groups/{parent}/role-mappings", f"{A}/groups/{child}/role-mappings"
    worker, reader = s.roles["worker"], s.roles["app/reader"]
    s.call("POST", f"{gbase}/realm", json_body=[worker])
    s.call("POST", f"{gbase}/clients/{app}", json_body=[reader])
    s.call("GET", gbase)
    s.call("GET", f"{cbase}/realm/composite")
    s.call("GET", f"{cbase}/realm/available")
    s.call("GET", f"{cbase}/clients/{app}/composite")
    s.call("GET", f"{R}/worker/groups")
    # Bob is a member of sales: its roles reach him.
    s.call("GET", f"{A}/users/{s.ids['bob']}/role-mappings/realm/composite")
    s.call("GET", f"{A}/users/{s.ids['bob']}/role-mappings/clients/{app}/composite")
    s.call("DELETE", f"{gbase}/realm", json_body=[worker])
    s.call("DELETE", f"{gbase}/clients/{app}", json_body=[reader])
    s.call("GET", gbase)

    s.section("keycloak role deletion")
    s.call("DELETE", f"{R}/nested")
    s.call("GET", f"{R}/worker/composites")
    s.call("DELETE", f"{A}/roles-by-id/{s.ids['editor']}")
    s.call("GET", f"{A}/roles-by-id/{s.ids['editor']}")
