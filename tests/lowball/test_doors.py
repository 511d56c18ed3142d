"""A lowball client is a user of the realm: seen through the Keycloak door and GraphQL, and a role
granted there reaches lowball's next token. GraphQL reaches lowball tokens too."""

from __future__ import annotations

import base64
import csv
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from rest_compat.lowball.routes import ROUTES
from tests.graphql_client import gql, gql_response
from tests.lowball.conftest import bearer, lowball_login
from tests.support import password_token, unique

MakeClient = Callable[..., tuple[str, str]]
DOCUMENTED = Path(__file__).parent.parent / "data" / "endpoints.tsv"

USERS = """query($username: String!) { users(realm: "master", username: $username, exact: true) {
  edges { node { username enabled } } } }"""
TOKENS = """query($clientId: String) { lowballTokens(clientId: $clientId) {
  totalCount edges { node { tid clientId roles created expires requestingClientId } } } }"""
CREATE = """mutation($clientId: String, $roles: [String!], $life: Int) {
  lowballTokenCreate(clientId: $clientId, roles: $roles, tokenLife: $life) {
    jwt token { tid clientId roles requestingClientId } errors { code message field } } }"""
REVOKE = (
    """mutation($tid: String!) { lowballTokenRevoke(tokenId: $tid) { revokedId errors { code message } } }"""
)


def _claims(token: str) -> dict[str, Any]:
    part = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))))


def test_every_documented_lowball_route_is_served() -> None:
    def normalise(path: str) -> str:
        return re.sub(r"\{[^}]+\}", "{}", path)

    with DOCUMENTED.open() as handle:
        documented = {
            (row["method"], normalise(row["path"]))
            for row in csv.DictReader(handle, delimiter="\t")
            if row["system"] == "lowball"
        }
    served = {(r.method, normalise(r.path)) for r in ROUTES}
    assert len(documented) == 25 and served == documented and len(ROUTES) == 25


def test_created_client_is_a_keycloak_user_with_realm_roles(
    make_client: MakeClient, admin: httpx.Client, base_url: str
) -> None:
    role = unique("role")
    client_id, secret = make_client([role, "reader"])
    found = admin.get("/admin/realms/master/users", params={"username": client_id, "exact": "true"}).json()
    assert [u["username"] for u in found] == [client_id] and found[0]["enabled"] is True
    # The client secret is the user's password: a password grant works and carries the realm roles.
    access = password_token(base_url, "master", client_id, secret)
    roles = set(_claims(access)["realm_access"]["roles"])
    assert {role, "reader"} <= roles
    data = gql(admin, USERS, username=client_id)
    assert [e["node"] for e in data["users"]["edges"]] == [{"username": client_id, "enabled": True}]


def test_role_granted_in_the_store_reaches_a_new_lowball_token(
    make_client: MakeClient, base_url: str, admin: httpx.Client, server
) -> None:  # type: ignore[no-untyped-def]
    from models import Realm, Role, User, UserRoleMapping

    client_id, secret = make_client()
    old = lowball_login(base_url, client_id, secret)
    role = unique("granted")

    async def grant() -> None:
        realm = await Realm.get(name="master")
        made = await Role.create(realm_id=realm.id, container_id=realm.id, name=role)
        user = await User.get(realm_id=realm.id, username=client_id)
        await UserRoleMapping.create(user_id=user.id, role_id=made.id)

    server.run(grant())
    with bearer(base_url, old) as me:
        assert role not in me.get("/builtins/auth").json()["r"]
    with bearer(base_url, lowball_login(base_url, client_id, secret)) as me:
        assert role in me.get("/builtins/auth").json()["r"]
    # Disabling through the Keycloak door ends the lowball client's tokens.
    user_id = admin.get("/admin/realms/master/users", params={"username": client_id, "exact": "true"}).json()[
        0
    ]["id"]
    assert admin.put(f"/admin/realms/master/users/{user_id}", json={"enabled": False}).status_code == 204
    with bearer(base_url, old) as me:
        assert me.get("/builtins/auth").status_code == 401


def test_graphql_lowball_tokens(make_client: MakeClient, admin: httpx.Client, base_url: str) -> None:
    client_id, secret = make_client(["reader"])
    lowball_tid = _claims(lowball_login(base_url, client_id, secret))["tid"]

    made = gql(admin, CREATE, clientId=client_id, roles=["reader"], life=120)["lowballTokenCreate"]
    assert made["errors"] == [] and made["token"]["clientId"] == client_id
    assert made["token"]["roles"] == ["reader"] and made["token"]["requestingClientId"] == "admin"
    with bearer(base_url, made["jwt"]) as minted:
        assert minted.get("/builtins/auth").json()["cid"] == client_id

    listed = gql(admin, TOKENS, clientId=client_id)["lowballTokens"]
    tids = {e["node"]["tid"] for e in listed["edges"]}
    assert listed["totalCount"] == 2 and tids == {lowball_tid, made["token"]["tid"]}

    bad = gql(admin, CREATE, clientId=client_id, life=5)["lowballTokenCreate"]
    assert bad["token"] is None and bad["errors"][0]["code"] == "INVALID"
    missing = gql(admin, CREATE, clientId="no-such-client")["lowballTokenCreate"]
    assert missing["errors"][0]["code"] == "NOT_FOUND"

    revoked = gql(admin, REVOKE, tid=made["token"]["tid"])["lowballTokenRevoke"]
    assert revoked == {"revokedId": made["token"]["tid"], "errors": []}
    with bearer(base_url, made["jwt"]) as minted:
        assert minted.get("/builtins/auth").status_code == 401


def _grant_view_realm(admin: httpx.Client, username: str) -> None:
    user_id = admin.get("/admin/realms/master/users", params={"username": username, "exact": "true"}).json()[
        0
    ]["id"]
    management = admin.get("/admin/realms/master/clients", params={"clientId": "master-realm"}).json()[0][
        "id"
    ]
    role = admin.get(f"/admin/realms/master/clients/{management}/roles/view-realm").json()
    granted = admin.post(
        f"/admin/realms/master/users/{user_id}/role-mappings/clients/{management}", json=[role]
    )
    assert granted.status_code == 204, granted.text


def test_graphql_caller_without_manage_users_reaches_only_its_own_tokens(
    make_client: MakeClient, base_url: str, admin: httpx.Client
) -> None:
    client_id, secret = make_client(["reader"])
    other, _ = make_client()
    with bearer(base_url, password_token(base_url, "master", client_id, secret)) as no_admin_right:
        # GraphQL is for callers with some admin right; this one keeps the lowball door to its tokens.
        refused = no_admin_right.post("/graphql", json={"query": TOKENS})
        assert refused.status_code == 403
    _grant_view_realm(admin, client_id)
    access = password_token(base_url, "master", client_id, secret)
    with bearer(base_url, access) as me:
        own = gql(me, CREATE, roles=["reader"])["lowballTokenCreate"]
        assert own["errors"] == [] and own["token"]["clientId"] == client_id
        assert own["token"]["requestingClientId"] == client_id
        mine = gql(me, TOKENS)["lowballTokens"]
        assert {e["node"]["clientId"] for e in mine["edges"]} == {client_id}
        denied = gql_response(me, TOKENS, clientId=other)
        assert denied["data"] is None and denied["errors"]
        foreign = gql_response(me, CREATE, clientId=other)
        assert foreign["data"] is None and foreign["errors"]
