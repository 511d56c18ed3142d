"""A realm with two confidential clients and a user, for the browser login tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from tests.support import unique

APP = "http://app.example"


@dataclass
class LoginRealm:
    name: str
    admin: httpx.Client
    clients: list[httpx.Client] = field(default_factory=list)

    def add_client(self, client_id: str, **extra: object) -> str:
        body = {
            "clientId": client_id,
            "secret": f"{client_id}-secret",
            "redirectUris": [f"{APP}/{client_id}/*"],
            "standardFlowEnabled": True,
            "directAccessGrantsEnabled": True,
            "attributes": {"post.logout.redirect.uris": f"{APP}/{client_id}/bye"},
        } | extra
        response = self.admin.post(f"/admin/realms/{self.name}/clients", json=body)
        assert response.status_code == 201, response.text
        return response.headers["location"].rsplit("/", 1)[1]

    def add_user(self, username: str, password: str, **extra: object) -> str:
        body = {
            "username": username,
            "enabled": True,
            "email": f"{username}@example.org",
            "firstName": "Ada",
            "lastName": "Lovelace",
            "credentials": [{"type": "password", "value": password, "temporary": False}],
        } | extra
        response = self.admin.post(f"/admin/realms/{self.name}/users", json=body)
        assert response.status_code == 201, response.text
        return response.headers["location"].rsplit("/", 1)[1]

    def update(self, **settings: object) -> None:
        response = self.admin.put(f"/admin/realms/{self.name}", json=settings)
        assert response.status_code == 204, response.text


@pytest.fixture
def login_realm(admin: httpx.Client) -> Iterator[LoginRealm]:
    name = unique("login")
    response = admin.post("/admin/realms", json={"realm": name, "enabled": True})
    assert response.status_code == 201, response.text
    kept = LoginRealm(name, admin)
    kept.add_client("web")
    kept.add_client("shop")
    yield kept
    for opened in kept.clients:
        opened.close()
    admin.delete(f"/admin/realms/{name}")
