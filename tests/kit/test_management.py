"""The fine-grained management-permissions switch, one mechanism for any kind of object."""

from __future__ import annotations

import httpx

from resolvers.kit import management
from resolvers.kit.management import PERMISSIONS_KEY


def test_references_are_stable_per_kind_and_object() -> None:
    on = management.permission_reference("group", "g1", True, ("view", "manage"))
    assert on == management.permission_reference("group", "g1", True, ("view", "manage"))
    assert on["enabled"] is True and set(on["scopePermissions"]) == {"view", "manage"}
    assert on["resource"] != management.permission_reference("role", "g1", True, ())["resource"]
    assert management.permission_reference("group", "g1", False, ("view",)) == {"enabled": False}


def test_the_switch_lives_beside_the_attributes() -> None:
    switched = management.with_switch({"a": ["x"]}, True)
    assert switched == {"a": ["x"], PERMISSIONS_KEY: True} and management.is_enabled(switched)
    assert management.with_switch(switched, False) == {"a": ["x"]}
    assert management.keep_switch(switched, {"b": ["y"]}) == {"b": ["y"], PERMISSIONS_KEY: True}
    assert management.keep_switch({"a": ["x"]}, {"b": ["y"]}) == {"b": ["y"]}


def test_a_group_switch_survives_attribute_updates(admin: httpx.Client, realm: str) -> None:
    groups = f"/admin/realms/{realm}/groups"
    group_id = admin.post(groups, json={"name": "fine"}).headers["Location"].rsplit("/", 1)[1]
    perms = f"{groups}/{group_id}/management/permissions"
    assert admin.get(perms).json() == {"enabled": False}
    enabled = admin.put(perms, json={"enabled": True}).json()
    assert enabled["enabled"] is True and enabled == admin.get(perms).json()
    assert (
        admin.put(f"{groups}/{group_id}", json={"name": "fine", "attributes": {"k": ["v"]}}).status_code
        == 204
    )
    assert admin.get(perms).json() == enabled
    assert admin.get(f"{groups}/{group_id}").json()["attributes"] == {"k": ["v"]}
    refused = admin.put(f"{groups}/{group_id}", json={"name": "fine", "attributes": {PERMISSIONS_KEY: ["x"]}})
    assert refused.status_code == 400
    assert admin.put(perms, json={"enabled": "yes"}).status_code == 400
    assert admin.get(f"{groups}/missing/management/permissions").status_code == 404
