"""The lookup kit: one place and one wording for each miss, whichever door asks."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from core.errors import NotFound
from resolvers.kit import lookup
from tests.support import RunningServer, unique


def _error(response: httpx.Response) -> Any:
    assert response.status_code == 404, response.text
    return response.json()["error"]


async def _misses(realm_name: str) -> dict[str, str]:
    realm = await lookup.realm_by_name(realm_name)
    out: dict[str, str] = {}
    for name, call in (
        ("realm", lookup.realm_by_name("no-such-realm")),
        ("realm_id", lookup.realm_id("no-such-realm")),
        ("user", lookup.user_in_realm(realm, "nope")),
        ("group", lookup.group_in_realm(realm, "nope")),
        ("client", lookup.client_in_realm(realm, "nope")),
        ("role_by_id", lookup.role_by_id(realm, "nope")),
        ("role_by_name", lookup.role_by_name(realm, None, "nope")),
        ("role_of_missing_client", lookup.role_by_name(realm, "nope", "nope")),
        ("roles_by_ids", lookup.roles_by_ids(realm, ["nope"], "missing!")),
        ("roles_named", lookup.roles_named(realm.id, [(None, "nope")])),
    ):
        try:
            await call
        except NotFound as exc:
            out[name] = exc.message
    return out


def test_each_miss_has_one_wording(server: RunningServer, realm: str) -> None:
    assert server.run(_misses(realm)) == {
        "realm": lookup.REALM_MISSING,
        "realm_id": lookup.REALM_MISSING,
        "user": lookup.USER_MISSING,
        "group": lookup.GROUP_MISSING,
        "client": lookup.CLIENT_MISSING,
        "role_by_id": lookup.ROLE_ID_MISSING,
        "role_by_name": lookup.ROLE_MISSING,
        "role_of_missing_client": lookup.CLIENT_MISSING,
        "roles_by_ids": "missing!",
        "roles_named": lookup.MAPPED_ROLE_MISSING,
    }


async def _default_role(realm_name: str) -> tuple[str | None, bool]:
    realm = await lookup.realm_by_name(realm_name)
    role = await lookup.default_role(realm)
    assert role is not None
    return role.name, lookup.is_default_role(realm, role)


def test_default_role_is_named_once(server: RunningServer, realm: str, admin: httpx.Client) -> None:
    assert lookup.default_role_name(realm) == f"default-roles-{realm}"
    assert server.run(_default_role(realm)) == (f"default-roles-{realm}", True)
    assert admin.get(f"/admin/realms/{realm}").json()["defaultRole"]["name"] == f"default-roles-{realm}"


async def _named(realm_name: str, refs: list[tuple[str | None, str | None]]) -> list[str]:
    realm = await lookup.realm_by_name(realm_name)
    return [r.name for r in await lookup.roles_named(realm.id, refs)]


def test_roles_named_by_name_or_id_must_agree(server: RunningServer, realm: str, admin: httpx.Client) -> None:
    offline = admin.get(f"/admin/realms/{realm}/roles/offline_access").json()
    assert server.run(_named(realm, [(None, "offline_access"), (offline["id"], None)])) == ["offline_access"]
    with pytest.raises(NotFound):
        server.run(_named(realm, [("not-its-id", "offline_access")]))


def test_a_missing_client_reads_the_same_through_every_endpoint(admin: httpx.Client, realm: str) -> None:
    user = admin.post(f"/admin/realms/{realm}/users", json={"username": unique("u"), "enabled": True})
    user_id = user.headers["Location"].rsplit("/", 1)[1]
    for path in (
        "clients/nope",
        "clients/nope/roles",
        "clients/nope/roles/x",
        f"users/{user_id}/role-mappings/clients/nope",
        f"users/{user_id}/role-mappings/clients/nope/available",
        "roles/offline_access/composites/clients/nope",
    ):
        assert _error(admin.get(f"/admin/realms/{realm}/{path}")) == lookup.CLIENT_MISSING, path
