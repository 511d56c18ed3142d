"""The admin-event recorder: every door records the same representation of the same change, derived from
the typed input, and never a password."""

from __future__ import annotations

import json
from typing import Any

import httpx

from resolvers.groups.tree import GroupFields
from resolvers.kit import audit
from resolvers.users.inputs import PasswordInput, UserFields
from resolvers.users.links import FederatedIdentityLink
from tests.graphql_client import gql as graphql

USER_CREATE = """
mutation($realm: String!, $input: UserInput!) {
  userCreate(realm: $realm, input: $input) { user { userId } errors { message } }
}"""
USER_UPDATE = """
mutation($realm: String!, $id: String!, $input: UserInput!) {
  userUpdate(realm: $realm, id: $id, input: $input) { user { userId } errors { message } }
}"""
GROUP_CREATE = """
mutation($realm: String!, $input: GroupInput!, $parentId: String) {
  groupCreate(realm: $realm, input: $input, parentId: $parentId) { group { groupId } errors { message } }
}"""
GROUP_UPDATE = """
mutation($realm: String!, $id: String!, $input: GroupInput!) {
  groupUpdate(realm: $realm, id: $id, input: $input) { group { groupId } errors { message } }
}"""
GROUP_MOVE = """
mutation($realm: String!, $id: String!, $parentId: String) {
  groupMove(realm: $realm, id: $id, parentId: $parentId) { group { groupId } errors { message } }
}"""


def test_user_fields_representation_lists_given_fields_in_keycloak_names() -> None:
    fields = UserFields(
        username="Ann",
        email=None,
        first_name="A",
        enabled=True,
        attributes={"k": ["v"]},
        passwords=[PasswordInput("secret-1")],
        groups=["/g"],
    )
    assert fields.representation() == {
        "username": "Ann",
        "enabled": True,
        "email": None,
        "firstName": "A",
        "attributes": {"k": ["v"]},
        "groups": ["/g"],
    }
    assert UserFields().representation() == {}
    assert "secret-1" not in json.dumps(fields.representation())


def test_other_inputs_know_their_representation() -> None:
    assert GroupFields(name="g", attributes={"a": ["1"]}).representation() == {
        "name": "g",
        "attributes": {"a": ["1"]},
    }
    assert FederatedIdentityLink("github", user_id="1").representation() == {
        "identityProvider": "github",
        "userId": "1",
    }
    assert audit.encode(GroupFields(name="g")) == '{"name": "g"}'
    assert audit.encode(["a"]) == '["a"]' and audit.encode(None) is None


def _last_representation(admin: httpx.Client, realm: str, resource_type: str, operation: str) -> Any:
    events = admin.get(
        f"/admin/realms/{realm}/admin-events",
        params={"resourceTypes": resource_type, "operationTypes": operation, "max": 1},
    ).json()
    return events[0]["representation"]


def _with_details(admin: httpx.Client, realm: str) -> None:
    config = {"adminEventsDetailsEnabled": True}
    assert admin.put(f"/admin/realms/{realm}/events/config", json=config).status_code == 204


def test_rest_and_graphql_writes_of_a_user_record_the_same_representation(
    admin: httpx.Client, realm: str
) -> None:
    _with_details(admin, realm)
    users = f"/admin/realms/{realm}/users"
    rest_body = {
        "username": "twin",
        "enabled": True,
        "email": "twin@example.org",
        "firstName": "Twin",
        "attributes": {"dept": ["ops"]},
        "credentials": [{"type": "password", "value": "Twin-pass-1", "temporary": False}],
    }
    created = admin.post(users, json=rest_body)
    assert created.status_code == 201, created.text
    by_rest = _last_representation(admin, realm, "USER", "CREATE")
    assert admin.delete(f"{users}/{created.headers['Location'].rsplit('/', 1)[1]}").status_code == 204

    gql_input = {
        "username": "twin",
        "enabled": True,
        "email": "twin@example.org",
        "firstName": "Twin",
        "attributes": {"dept": ["ops"]},
        "password": {"value": "Twin-pass-1"},
    }
    made = graphql(admin, USER_CREATE, realm=realm, input=gql_input)["userCreate"]
    assert made["errors"] == []
    by_graphql = _last_representation(admin, realm, "USER", "CREATE")
    assert by_graphql == by_rest
    assert json.loads(by_rest)["username"] == "twin" and "Twin-pass-1" not in by_rest

    user_id = made["user"]["userId"]
    change = {"firstName": "Changed", "enabled": False, "attributes": {"dept": ["dev"]}}
    assert admin.put(f"{users}/{user_id}", json=change).status_code == 204
    by_rest = _last_representation(admin, realm, "USER", "UPDATE")
    assert graphql(admin, USER_UPDATE, realm=realm, id=user_id, input=change)["userUpdate"]["errors"] == []
    assert _last_representation(admin, realm, "USER", "UPDATE") == by_rest
    assert json.loads(by_rest) == change


def test_rest_and_graphql_writes_of_a_group_record_the_same_representation(
    admin: httpx.Client, realm: str
) -> None:
    _with_details(admin, realm)
    groups = f"/admin/realms/{realm}/groups"
    body = {"name": "twins", "attributes": {"site": ["berlin"]}}
    created = admin.post(groups, json=body)
    assert created.status_code == 201, created.text
    by_rest = _last_representation(admin, realm, "GROUP", "CREATE")
    assert admin.delete(f"{groups}/{created.headers['Location'].rsplit('/', 1)[1]}").status_code == 204
    made = graphql(admin, GROUP_CREATE, realm=realm, input=body)["groupCreate"]
    assert _last_representation(admin, realm, "GROUP", "CREATE") == by_rest
    assert json.loads(by_rest) == body

    group_id = made["group"]["groupId"]
    change = {"name": "pairs", "attributes": {"site": ["paris"]}}
    assert admin.put(f"{groups}/{group_id}", json=change).status_code == 204
    by_rest = _last_representation(admin, realm, "GROUP", "UPDATE")
    assert graphql(admin, GROUP_UPDATE, realm=realm, id=group_id, input=change)["groupUpdate"]["errors"] == []
    assert _last_representation(admin, realm, "GROUP", "UPDATE") == by_rest

    parent = admin.post(groups, json={"name": "parent"}).headers["Location"].rsplit("/", 1)[1]
    assert admin.post(f"{groups}/{parent}/children", json={"id": group_id}).status_code == 204
    by_rest = _last_representation(admin, realm, "GROUP", "UPDATE")
    assert graphql(admin, GROUP_MOVE, realm=realm, id=group_id)["groupMove"]["errors"] == []
    assert graphql(admin, GROUP_MOVE, realm=realm, id=group_id, parentId=parent)["groupMove"]["errors"] == []
    assert _last_representation(admin, realm, "GROUP", "UPDATE") == by_rest == json.dumps({"id": group_id})
