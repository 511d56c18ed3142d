"""Helpers for the race suite: bursts of concurrent requests against the real server, and the few
objects each race needs."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from tests.support import unique

PASSWORD = "Race-pass-1"


@dataclass(frozen=True)
class Req:
    """One request of a burst; ``form`` is sent form-encoded (the token endpoint), ``body`` as JSON."""

    method: str
    url: str
    body: Any = None
    form: dict[str, str] | None = None
    token: str | None = None


async def _burst(base_url: str, token: str | None, requests: Sequence[Req]) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=len(requests) + 1, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:

        async def send(r: Req) -> httpx.Response:
            bearer = r.token or token
            headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
            if r.form is not None:
                return await client.request(r.method, r.url, data=r.form, headers=headers)
            return await client.request(r.method, r.url, json=r.body, headers=headers)

        return list(await asyncio.gather(*(send(r) for r in requests)))


def burst(base_url: str, requests: Sequence[Req], token: str | None = None) -> list[httpx.Response]:
    """Send every request at once (one connection each) and wait for all the answers, in order."""
    return asyncio.run(_burst(base_url, token, requests))


def statuses(responses: Sequence[httpx.Response]) -> list[int]:
    return sorted(r.status_code for r in responses)


def make_user(admin: httpx.Client, realm: str, *, password: str | None = None, **extra: Any) -> str:
    rep: dict[str, Any] = {"username": unique("user"), "enabled": True, **extra}
    if password:
        rep["credentials"] = [{"type": "password", "value": password, "temporary": False}]
    response = admin.post(f"/admin/realms/{realm}/users", json=rep)
    assert response.status_code == 201, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


def make_group(admin: httpx.Client, realm: str, name: str | None = None) -> str:
    response = admin.post(f"/admin/realms/{realm}/groups", json={"name": name or unique("group")})
    assert response.status_code == 201, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


def make_role(admin: httpx.Client, realm: str) -> dict[str, Any]:
    name = unique("role")
    response = admin.post(f"/admin/realms/{realm}/roles", json={"name": name})
    assert response.status_code == 201, response.text
    role: dict[str, Any] = admin.get(f"/admin/realms/{realm}/roles/{name}").json()
    return role


def set_realm(admin: httpx.Client, realm: str, **settings: Any) -> None:
    response = admin.put(f"/admin/realms/{realm}", json=settings)
    assert response.status_code == 204, response.text


def login_form(username: str, password: str) -> dict[str, str]:
    return {"grant_type": "password", "client_id": "admin-cli", "username": username, "password": password}


def token_url(realm: str) -> str:
    return f"/realms/{realm}/protocol/openid-connect/token"
