"""Fixtures of the lowball dialect's tests: an admin lowball client and fresh clients made through it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.support import ADMIN_PASSWORD, ADMIN_USERNAME, unique


def lowball_login(base_url: str, client_id: str, secret: str) -> str:
    response = httpx.post(f"{base_url}/builtins/auth", json={"client_id": client_id, "client_secret": secret})
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


def bearer(base_url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)


@pytest.fixture
def lb_admin(base_url: str) -> Iterator[httpx.Client]:
    """A lowball client holding the admin role: the master realm's admin user."""
    response = httpx.post(
        f"{base_url}/builtins/auth", json={"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD}
    )
    assert response.status_code == 200, response.text
    with bearer(base_url, response.json()["token"]) as client:
        yield client


@pytest.fixture
def make_client(base_url: str, lb_admin: httpx.Client) -> Iterator[Callable[..., tuple[str, str]]]:
    """Create a lowball client (with roles) through /clients/create; returns (client_id, secret)."""
    made: list[str] = []

    def make(roles: list[str] | None = None) -> tuple[str, str]:
        client_id, secret = unique("lbc"), unique("secret")
        response = lb_admin.post(
            "/builtins/auth/clients/create",
            json={"client_id": client_id, "client_secret": secret, "roles": roles or []},
        )
        assert response.status_code == 201, response.text
        made.append(client_id)
        return client_id, secret

    yield make
    for client_id in made:
        lb_admin.delete(f"/builtins/auth/clients/{client_id}")


@pytest.fixture
def as_client(base_url: str) -> Iterator[Callable[[str, str], httpx.Client]]:
    opened: list[httpx.Client] = []

    def login(client_id: str, secret: str) -> httpx.Client:
        client = bearer(base_url, lowball_login(base_url, client_id, secret))
        opened.append(client)
        return client

    yield login
    for client in opened:
        client.close()
