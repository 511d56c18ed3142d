"""Shared fixtures: one real server per session, an admin token, a python-keycloak admin, a fresh realm."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import httpx
import pytest
from keycloak import KeycloakAdmin

from tests.support import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    AdminTokens,
    RunningServer,
    fresh_database_url,
    server_settings,
    start_server,
    unique,
)

pytest_plugins = ["tests.keycloak_fixtures"]


@pytest.fixture(scope="session")
def server() -> Iterator[RunningServer]:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as keys:
        running = start_server(server_settings(url, keys))
        try:
            yield running
        finally:
            running.stop()


@pytest.fixture(scope="session")
def base_url(server: RunningServer) -> str:
    return server.base_url


@pytest.fixture(scope="session")
def fresh_admin_token(base_url: str) -> AdminTokens:
    return AdminTokens(base_url)


@pytest.fixture
def admin_token(fresh_admin_token: AdminTokens) -> str:
    return fresh_admin_token()


@pytest.fixture
def admin(base_url: str, admin_token: str) -> Iterator[httpx.Client]:
    """An httpx client authenticated as the master admin."""
    with httpx.Client(
        base_url=base_url, headers={"Authorization": f"Bearer {admin_token}"}, timeout=30
    ) as client:
        yield client


@pytest.fixture
def anonymous(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as client:
        yield client


@pytest.fixture
def kc_admin(base_url: str) -> KeycloakAdmin:
    """python-keycloak as its users construct it; ``user_realm_name`` keeps the login in master when a
    test moves to another realm with ``change_current_realm``."""
    return KeycloakAdmin(
        server_url=base_url,
        username=ADMIN_USERNAME,
        password=ADMIN_PASSWORD,
        realm_name="master",
        user_realm_name="master",
    )


@pytest.fixture
def realm(admin: httpx.Client) -> Iterator[str]:
    """A fresh, enabled realm, deleted afterwards."""
    name = unique("realm")
    response = admin.post("/admin/realms", json={"realm": name, "enabled": True})
    assert response.status_code == 201, response.text
    yield name
    admin.delete(f"/admin/realms/{name}")


# The fuzzing gate is its own CI step (IAMGRAPH_FUZZ=1 python -m pytest tests/fuzz); the suite leaves it out.
collect_ignore = [] if os.environ.get("IAMGRAPH_FUZZ") else ["fuzz"]
