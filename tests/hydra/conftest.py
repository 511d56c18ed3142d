"""Hydra fixtures: the ory-hydra-client 1.x SDK against the real server, with the admin Bearer token added to
its ApiClient (Hydra's admin API declares no auth scheme; iamgraph requires one)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from ory_hydra_client import ApiClient, Configuration
from ory_hydra_client.api.admin_api import AdminApi

from tests.acp.conftest import master_user_token
from tests.hydra.flows import browser, oauth_client

__all__ = ["browser", "master_user_token", "oauth_client"]


def hydra_client(base_url: str, token: str | None) -> ApiClient:
    client = ApiClient(Configuration(host=base_url))
    if token is not None:
        client.set_default_header("Authorization", f"Bearer {token}")
    return client


@pytest.fixture
def hydra_admin_for(base_url: str) -> Iterator[Callable[[str | None], AdminApi]]:
    """An AdminApi for any token (None: no Authorization header)."""
    made: list[ApiClient] = []

    def make(token: str | None) -> AdminApi:
        made.append(hydra_client(base_url, token))
        return AdminApi(made[-1])

    yield make
    for client in made:
        client.close()


@pytest.fixture
def hydra(hydra_admin_for: Callable[[str | None], AdminApi], admin_token: str) -> AdminApi:
    return hydra_admin_for(admin_token)
