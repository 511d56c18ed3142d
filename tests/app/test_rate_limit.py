"""Rate limits of the token endpoints: per client and per source address, a 429 with Retry-After in each
dialect's OAuth2 error shape once a window's count is spent, counted in the shared database table."""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile

import httpx
import pytest

from core.settings import Rate, Settings
from resolvers.auth import rate_limit
from tests.support import ADMIN_PASSWORD, fresh_database_url, serve_process


def _password_grant(base: str, client_id: str) -> httpx.Response:
    return httpx.post(
        f"{base}/realms/master/protocol/openid-connect/token",
        data={
            "grant_type": "password",
            "client_id": client_id,
            "username": "admin",
            "password": ADMIN_PASSWORD,
        },
    )


def _refused(answer: httpx.Response) -> None:
    assert answer.status_code == 429, answer.text
    assert 1 <= int(answer.headers["retry-after"]) <= 3600
    body = answer.json()
    assert body["error"] == "too_many_requests" and "retry after" in body["error_description"]


def test_keycloak_token_endpoint_per_client_and_per_address() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        with serve_process(
            url,
            workdir,
            IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD,
            IAMGRAPH_RATE_LIMIT_TOKEN="3/hour",
            IAMGRAPH_RATE_LIMIT_TOKEN_ADDRESS="8/hour",
            IAMGRAPH_RATE_LIMIT_LOOPBACK="true",
        ) as (base, _):
            assert [_password_grant(base, "admin-cli").status_code for _ in range(3)] == [200] * 3
            _refused(_password_grant(base, "admin-cli"))
            # Another client has its own count (an unknown one is still counted, before authentication)...
            assert [_password_grant(base, "no-such-client").status_code for _ in range(3)] == [401] * 3
            assert _password_grant(base, "third-client").status_code == 401
            # ...but the address has spent its 8 requests, whatever client it names next.
            _refused(_password_grant(base, "fourth-client"))
            # Other endpoints are not limited.
            assert httpx.get(f"{base}/realms/master/.well-known/openid-configuration").status_code == 200


def test_hydra_token_endpoint_per_client() -> None:
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        with serve_process(
            url,
            workdir,
            IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD,
            IAMGRAPH_RATE_LIMIT_TOKEN="2/hour",
            IAMGRAPH_RATE_LIMIT_LOOPBACK="true",
        ) as (base, _):

            def grant(client: str) -> httpx.Response:
                return httpx.post(
                    f"{base}/oauth2/token", data={"grant_type": "client_credentials"}, auth=(client, "wrong")
                )

            assert [grant("spender").status_code for _ in range(2)] == [401, 401]
            _refused(grant("spender"))
            assert grant("another").status_code == 401


@pytest.mark.parametrize("ip", ["127.0.0.1", "::1"])
def test_loopback_callers_are_exempt_unless_configured(monkeypatch: pytest.MonkeyPatch, ip: str) -> None:
    limited = dataclasses.replace(
        Settings.from_env({}), rate_limit_token=Rate(1, 60.0), rate_limit_token_address=Rate(1, 60.0)
    )
    monkeypatch.setattr(rate_limit, "settings", lambda: limited)
    # Returns before counting anything: no database is open in this test.
    for _ in range(3):
        asyncio.run(rate_limit.check_token_rate("master", "admin-cli", ip))


def test_rate_settings_are_checked() -> None:
    assert Settings.from_env({"IAMGRAPH_RATE_LIMIT_TOKEN": "60/min"}).rate_limit_token == Rate(60, 60.0)
    assert Settings.from_env({"IAMGRAPH_RATE_LIMIT_TOKEN": "off"}).rate_limit_token is None
    assert Settings.from_env({}).rate_limit_token_address is None
    with pytest.raises(ValueError, match="IAMGRAPH_RATE_LIMIT_TOKEN_ADDRESS='lots' is not a rate"):
        Settings.from_env({"IAMGRAPH_RATE_LIMIT_TOKEN_ADDRESS": "lots"})
