"""Helpers of the security suite: a realm set up through the master admin, and callers of it holding
only some admin roles."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support import admin_client_id, password_token, unique

PASSWORD = "limited-password"


def new_id(response: httpx.Response) -> str:
    assert response.status_code == 201, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


@dataclass
class Caller:
    """A user of the realm and an HTTP client acting as it."""

    user_id: str
    username: str
    http: httpx.Client


@dataclass
class Setup:
    """A realm administered through the master admin (``admin``), for setting a scene up."""

    admin: httpx.Client
    base_url: str
    realm: str
    opened: list[httpx.Client] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"/admin/realms/{self.realm}"

    def management(self) -> str:
        found = self.admin.get(
            f"{self.base}/clients", params={"clientId": admin_client_id(self.realm)}
        ).json()
        return str(found[0]["id"])

    def admin_role(self, name: str) -> dict[str, Any]:
        response = self.admin.get(f"{self.base}/clients/{self.management()}/roles/{name}")
        assert response.status_code == 200, response.text
        return dict(response.json())

    def realm_role(self, name: str, *, contains: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
        """A realm role (created unless it exists) containing ``contains``."""
        if self.admin.get(f"{self.base}/roles/{name}").status_code == 404:
            assert self.admin.post(f"{self.base}/roles", json={"name": name}).status_code == 201
        if contains:
            response = self.admin.post(f"{self.base}/roles/{name}/composites", json=list(contains))
            assert response.status_code == 204, response.text
        return dict(self.admin.get(f"{self.base}/roles/{name}").json())

    def group(self, name: str, *roles: dict[str, Any], parent: str | None = None) -> str:
        """A group (under ``parent``) mapped to ``roles`` (realm or realm-management roles)."""
        url = f"{self.base}/groups/{parent}/children" if parent else f"{self.base}/groups"
        group_id = new_id(self.admin.post(url, json={"name": name}))
        realm_roles = [r for r in roles if not r.get("clientRole")]
        client_roles = [r for r in roles if r.get("clientRole")]
        if realm_roles:
            mapped = self.admin.post(f"{self.base}/groups/{group_id}/role-mappings/realm", json=realm_roles)
            assert mapped.status_code == 204, mapped.text
        if client_roles:
            mapped = self.admin.post(
                f"{self.base}/groups/{group_id}/role-mappings/clients/{self.management()}", json=client_roles
            )
            assert mapped.status_code == 204, mapped.text
        return group_id

    def user(self, username: str | None = None) -> str:
        body = {
            "username": username or unique("user"),
            "enabled": True,
            "credentials": [{"type": "password", "value": PASSWORD, "temporary": False}],
        }
        return new_id(self.admin.post(f"{self.base}/users", json=body))

    def join(self, user_id: str, group_id: str) -> None:
        assert self.admin.put(f"{self.base}/users/{user_id}/groups/{group_id}").status_code == 204

    def caller(self, *admin_roles: str, realm_roles: tuple[str, ...] = ()) -> Caller:
        """A new user holding only ``admin_roles`` (realm-management) and ``realm_roles``."""
        username = unique("caller")
        user_id = self.user(username)
        if admin_roles:
            reps = [self.admin_role(name) for name in admin_roles]
            url = f"{self.base}/users/{user_id}/role-mappings/clients/{self.management()}"
            assert self.admin.post(url, json=reps).status_code == 204
        if realm_roles:
            reps = [dict(self.admin.get(f"{self.base}/roles/{name}").json()) for name in realm_roles]
            url = f"{self.base}/users/{user_id}/role-mappings/realm"
            assert self.admin.post(url, json=reps).status_code == 204
        return Caller(user_id, username, self.login(username))

    def login(self, username: str) -> httpx.Client:
        token = password_token(self.base_url, self.realm, username, PASSWORD)
        client = httpx.Client(
            base_url=self.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        self.opened.append(client)
        return client

    def admin_roles_of(self, user_id: str) -> set[str]:
        """The realm-management roles the user holds, effectively."""
        url = f"{self.base}/users/{user_id}/role-mappings/clients/{self.management()}/composite"
        response = self.admin.get(url)
        assert response.status_code == 200, response.text
        return {r["name"] for r in response.json()}

    def member_ids(self, group_id: str) -> set[str]:
        return {u["id"] for u in self.admin.get(f"{self.base}/groups/{group_id}/members").json()}


@contextmanager
def setup_of(admin: httpx.Client, base_url: str, realm: str) -> Iterator[Setup]:
    scene = Setup(admin, base_url, realm)
    try:
        yield scene
    finally:
        for client in scene.opened:
            client.close()
