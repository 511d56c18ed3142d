"""What every part of the snapshot script shares: the recorder, the realm it works in, and ids it learns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.snapshot.recorder import Recorder

REALM = "snapshot"
A = f"/admin/realms/{REALM}"
OIDC = f"/realms/{REALM}/protocol/openid-connect"
PASSWORD = "Snap-pass-1"


def location_id(response: httpx.Response) -> str:
    assert response.status_code == 201, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


@dataclass
class Script:
    rec: Recorder
    ids: dict[str, str] = field(default_factory=dict)
    management_roles: dict[str, Any] = field(default_factory=dict)
    # Role representations as listed, by name ("app/name" for snapapp's client roles).
    roles: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> None:
        self.rec.section = name

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        kwargs.setdefault("as_", "admin")
        return self.rec.call(method, path, **kwargs)

    def anonymous(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.rec.call(method, path, **kwargs)

    def user(self, username: str, *, password: str | None = PASSWORD, **rep: Any) -> str:
        """Create a user of the snapshot realm (recorded) and return its id."""
        body: dict[str, Any] = {"username": username, "enabled": True, **rep}
        if password:
            body["credentials"] = [{"type": "password", "value": password, "temporary": False}]
        user_id = location_id(self.call("POST", f"{A}/users", json_body=body))
        self.ids[username] = user_id
        return user_id

    def login(self, username: str, password: str = PASSWORD, realm: str = REALM) -> httpx.Response:
        return self.anonymous(
            "POST",
            f"/realms/{realm}/protocol/openid-connect/token",
            form={
                "grant_type": "password",
                "client_id": "admin-cli",
                "username": username,
                "password": password,
            },
        )

    def client_uuid(self, client_id: str) -> str:
        if client_id not in self.ids:
            found = self.call("GET", f"{A}/clients", params={"clientId": client_id})
            self.ids[client_id] = found.json()[0]["id"]
        return self.ids[client_id]

    def limited(self, name: str, *roles: str) -> None:
        """A user of the snapshot realm holding only the given realm-management roles, as caller ``name``."""
        self.user(name)
        management = self.client_uuid("realm-management")
        if roles:
            if not self.management_roles:
                listed = self.call("GET", f"{A}/clients/{management}/roles").json()
                self.management_roles.update({role["name"]: role for role in listed})
            reps = [self.management_roles[role] for role in roles]
            granted = self.call(
                "POST", f"{A}/users/{self.ids[name]}/role-mappings/clients/{management}", json_body=reps
            )
            assert granted.status_code == 204, granted.text
        token = self.login(name)
        assert token.status_code == 200, token.text
        self.rec.caller(name, token.json()["access_token"])
