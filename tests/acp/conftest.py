"""Keto fixtures: the ory-keto-client SDK against the real server, with a Bearer token set as its users do
(the 0.5 SDK declares no auth scheme, so the header goes through ``ApiClient``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from ory_keto_client import ApiClient, Configuration, EnginesApi

from models import Client, Role, User, UserRoleMapping
from tests.support import RunningServer, password_token, unique


def sdk_client(base_url: str, token: str | None) -> ApiClient:
    config = Configuration(host=base_url)
    if token is None:
        return ApiClient(config)
    return ApiClient(config, header_name="Authorization", header_value=f"Bearer {token}")


@pytest.fixture
def engines(base_url: str, admin_token: str) -> Iterator[EnginesApi]:
    client = sdk_client(base_url, admin_token)
    yield EnginesApi(client)
    client.rest_client.pool_manager.clear()


async def _grant(username: str, rights: tuple[str, ...]) -> None:
    user = await User.get(username=username, realm__name="master")
    client = await Client.get(client_id="master-realm", realm__name="master")
    for role in await Role.filter(client_id=client.id, name__in=list(rights)):
        await UserRoleMapping.create(user_id=user.id, role_id=role.id)


@pytest.fixture
def master_user_token(server: RunningServer, admin: httpx.Client) -> Iterator[Callable[..., str]]:
    """Makes a master-realm user holding the given master-realm rights and returns its token."""
    made: list[str] = []

    def make(*rights: str) -> str:
        username = unique("keto-user")
        response = admin.post(
            "/admin/realms/master/users",
            json={
                "username": username,
                "enabled": True,
                "credentials": [{"type": "password", "value": "pw-" + username, "temporary": False}],
            },
        )
        assert response.status_code == 201, response.text
        made.append(response.headers["location"].rsplit("/", 1)[1])
        server.run(_grant(username, rights))
        return password_token(server.base_url, "master", username, "pw-" + username)

    yield make
    for user_id in made:
        admin.delete(f"/admin/realms/master/users/{user_id}")
