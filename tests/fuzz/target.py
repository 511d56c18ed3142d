"""What the fuzzer aims at: the real server, a realm of its own with a few objects in it, and the
callers' tokens, kept usable while generated requests rename, disable and revoke things."""

from __future__ import annotations

import dataclasses
import os
import re
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

import graphql
import httpx
import requests
from schemathesis import Case, Response

from tests.support import ADMIN_PASSWORD, ADMIN_USERNAME, password_token

REALM = "fuzz"
LOWBALL_ADMIN = ("fuzz-lowball-admin", "fuzz-lowball-secret")
LOWBALL_TARGET = "fuzz-lowball-target"
# Path parameters that name an object; a generated plain value is swapped for a seeded one most of the
# time, so that requests get past the lookup to the parsing and rules behind it.
_OBJECT_PARAMETERS = {
    "realm": "realm",
    "user-id": "user",
    "userId": "user",
    "id": "keto_id",
    "group-id": "group",
    "groupId": "group",
    "role-name": "role_name",
    "role-id": "role_id",
    "client-uuid": "client",
    "clientUuid": "client",
    "client": "client",
    "credentialId": "credential",
    "client_id": "lowball_client",
    "flavor": "flavor",
}
_GRAPHQL_ARGUMENTS = {
    "realm": "realm",
    "userId": "user",
    "groupId": "group",
    "clientUuid": "client",
    "credentialId": "credential",
}
_PLAIN = re.compile(r"[A-Za-z0-9_.-]*")
_FLAVORS = ("exact", "glob", "regex")
# IAMGRAPH_FUZZ_LOG=<file> appends one line per request: the operation, the status, the answer's start.
_LOG = os.environ.get("IAMGRAPH_FUZZ_LOG", "")
# Keycloak's admin tokens live 60 s in master; refresh well before.
_TOKEN_AGE = 30.0


@dataclass
class Counters:
    operations: set[str] = field(default_factory=set)
    requests: int = 0
    failed_operations: set[str] = field(default_factory=set)
    call_seconds: float = 0.0


@dataclass
class Target:
    base_url: str
    http: httpx.Client
    counters: Counters = field(default_factory=Counters)
    ids: dict[str, str] = field(default_factory=dict)
    # One connection pool for generated requests: a new session per request costs tens of milliseconds.
    session: requests.Session = field(default_factory=requests.Session)
    _admin: tuple[str, float] = ("", 0.0)
    _lowball: str = ""

    # --- tokens ---------------------------------------------------------------------------------------

    def admin_headers(self) -> dict[str, str]:
        token, at = self._admin
        if not token or time.monotonic() - at > _TOKEN_AGE:
            token = password_token(self.base_url, "master", ADMIN_USERNAME, ADMIN_PASSWORD)
            self._admin = (token, time.monotonic())
        return {"Authorization": f"Bearer {token}"}

    def lowball_headers(self) -> dict[str, str]:
        if not self._lowball:
            self._lowball = self._lowball_login()
        return {"Authorization": f"Bearer {self._lowball}"}

    def lowball_reset(self) -> None:
        """Log in afresh: the last request may have revoked the token or changed the client."""
        self._lowball = ""

    def _lowball_login(self) -> str:
        client_id, secret = LOWBALL_ADMIN
        response = self.http.post("/builtins/auth", json={"client_id": client_id, "client_secret": secret})
        if response.status_code != 200:
            self._repair_lowball_admin()
            response = self.http.post(
                "/builtins/auth", json={"client_id": client_id, "client_secret": secret}
            )
        assert response.status_code == 200, response.text
        return str(response.json()["token"])

    def _master_lowball(self) -> dict[str, str]:
        response = self.http.post(
            "/builtins/auth", json={"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}

    def _repair_lowball_admin(self) -> None:
        """Give the fuzzer's lowball client back its secret, its admin role and its enabled flag."""
        headers = self._master_lowball()
        client_id, secret = LOWBALL_ADMIN
        fixed = self.http.post(
            f"/builtins/auth/clients/{client_id}",
            json={"client_secret": secret, "roles": ["admin"]},
            headers=headers,
        )
        if fixed.status_code == 404:
            made = self.http.post(
                "/builtins/auth/clients/create",
                json={"client_id": client_id, "client_secret": secret, "roles": ["admin"]},
                headers=headers,
            )
            assert made.status_code == 201, made.text
        self.http.post(f"/builtins/auth/clients/{client_id}/enable", headers=headers)

    # --- the seeded realm -----------------------------------------------------------------------------

    def seed(self) -> None:
        """A realm with a user (and a password credential), a group, a role and a client; a lowball
        client to aim at; Keto policies and roles in every flavor."""
        admin = self.admin_headers()
        if self.http.get(f"/admin/realms/{REALM}", headers=admin).status_code == 404:
            made = self.http.post("/admin/realms", json={"realm": REALM, "enabled": True}, headers=admin)
            assert made.status_code == 201, made.text
        base = f"/admin/realms/{REALM}"
        self.ids["realm"] = REALM
        self.ids["user"] = self._create(
            f"{base}/users", {"username": "fuzz-user", "email": "fuzz@example.org"}
        )
        self.http.put(
            f"{base}/users/{self.ids['user']}/reset-password",
            json={"type": "password", "value": "Fuzz-password-1", "temporary": False},
            headers=admin,
        )
        credentials = self.http.get(f"{base}/users/{self.ids['user']}/credentials", headers=admin).json()
        self.ids["credential"] = credentials[0]["id"] if credentials else "none"
        self.ids["group"] = self._create(f"{base}/groups", {"name": "fuzz-group"})
        self._create(f"{base}/roles", {"name": "fuzz-role"})
        self.ids["role_name"] = "fuzz-role"
        role = self.http.get(f"{base}/roles/fuzz-role", headers=admin).json()
        self.ids["role_id"] = role["id"]
        self.ids["client"] = self._create(f"{base}/clients", {"clientId": "fuzz-client"})
        lowball = self._master_lowball()
        self._lowball_login()
        self.http.post(
            "/builtins/auth/clients/create",
            json={"client_id": LOWBALL_TARGET, "client_secret": "target-secret", "roles": ["reader"]},
            headers=lowball,
        )
        self.ids["lowball_client"] = LOWBALL_TARGET
        for flavor in _FLAVORS:
            self.http.put(
                f"/engines/acp/ory/{flavor}/policies",
                json={
                    "id": "fuzz",
                    "subjects": ["fuzz"],
                    "resources": ["r"],
                    "actions": ["a"],
                    "effect": "allow",
                },
                headers=admin,
            )
            self.http.put(
                f"/engines/acp/ory/{flavor}/roles", json={"id": "fuzz", "members": ["m"]}, headers=admin
            )
        self.ids["keto_id"] = "fuzz"

    def _create(self, path: str, body: dict[str, Any]) -> str:
        response = self.http.post(path, json=body, headers=self.admin_headers())
        if response.status_code == 409:
            name = body.get("username") or body.get("name") or body.get("clientId")
            key = "username" if "username" in body else ("clientId" if "clientId" in body else "search")
            found = self.http.get(
                path, params={key: name, "exact": "true"}, headers=self.admin_headers()
            ).json()
            return str(found[0]["id"])
        assert response.status_code == 201, response.text
        return response.headers["location"].rsplit("/", 1)[1]

    def ensure(self) -> None:
        """After a write that may have renamed or removed what requests are aimed at, put it back."""
        admin = self.admin_headers()
        base = f"/admin/realms/{REALM}"
        if (
            self.http.get(base, headers=admin).status_code != 200
            or self.http.get(f"{base}/roles/{self.ids['role_name']}", headers=admin).status_code != 200
        ):
            self.seed()

    # --- aiming and sending ---------------------------------------------------------------------------

    def aim(self, case: Case) -> None:
        """Swap plain generated object names for seeded ones (three times in four, by the value's hash,
        so the run stays reproducible), except the object a DELETE would remove."""
        # Generated mail settings would make the server connect to generated hosts when it sends mail.
        if isinstance(case.body, dict):
            case.body.pop("smtpServer", None)
        parameters = case.path_parameters or {}
        names = list(parameters)
        for name in names:
            kind = _OBJECT_PARAMETERS.get(name)
            value = parameters[name]
            if kind is None or not isinstance(value, str):
                continue
            if case.method.upper() == "DELETE" and name == names[-1] and value not in ("master", "admin"):
                continue
            replacement = self._aimed(kind, value)
            if replacement is not None:
                parameters[name] = replacement

    def aim_graphql(self, case: Case) -> bool:
        """The same aiming for the arguments of a GraphQL operation's root field; says whether the
        operation may rename or delete what is aimed at (so that ``ensure`` should follow)."""
        aim = _AimArguments(self)
        assert isinstance(case.body, str), "schemathesis gives a GraphQL case its document as text"
        case.body = graphql.print_ast(graphql.visit(graphql.parse(case.body), aim))
        return aim.root.endswith(("Update", "Delete"))

    def _aimed(self, kind: str, value: str) -> str | None:
        """The seeded object to aim a generated plain value at, or ``None`` to keep the value."""
        if not _PLAIN.fullmatch(value):
            return None
        if value in ("master", "admin"):  # never the caller's own realm or user
            return self.ids.get(kind, value) if kind != "flavor" else None
        if zlib.crc32(value.encode()) % 4 == 0:
            return None
        if kind == "flavor":
            return _FLAVORS[zlib.crc32(value.encode()) % 3]
        return self.ids.get(kind)

    def send(self, case: Case, headers: dict[str, str], base_url: str | None = None) -> Response:
        self.counters.operations.add(case.operation.label)
        self.counters.requests += 1
        started = time.monotonic()
        try:
            response = case.call(
                base_url=base_url or self.base_url, session=self.session, headers=headers, timeout=60
            )
        finally:
            self.counters.call_seconds += time.monotonic() - started
        if _LOG:
            with open(_LOG, "a") as log:
                log.write(f"{case.operation.label} {response.status_code} {response.text[:300]!r}\n")
        return response


class _AimArguments(graphql.Visitor):
    """Swaps the string arguments of the root field that name an object (``Target._aimed``)."""

    def __init__(self, target: Target) -> None:
        super().__init__()
        self.target = target
        self.fields: list[str] = []
        self.root = ""

    def enter_field(self, node: graphql.FieldNode, *_args: Any) -> None:
        self.fields.append(node.name.value)
        self.root = self.root or node.name.value

    def leave_field(self, *_args: Any) -> None:
        self.fields.pop()

    def enter_argument(self, node: graphql.ArgumentNode, *_args: Any) -> graphql.ArgumentNode | None:
        if len(self.fields) != 1 or not isinstance(node.value, graphql.StringValueNode):
            return None
        field, name, value = self.fields[0], node.name.value, node.value.value
        kind = "realm" if (field, name) == ("realm", "name") else _GRAPHQL_ARGUMENTS.get(name)
        if kind is None or (field == "realmDelete" and value not in ("master", "admin")):
            return None  # not an object name, or the seeded realm itself
        replacement = self.target._aimed(kind, value)
        if replacement is None:
            return None
        return dataclasses.replace(node, value=graphql.StringValueNode(value=replacement))
