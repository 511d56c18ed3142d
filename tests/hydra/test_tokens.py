"""Hydra's admin token endpoints through the SDK: introspection of tokens any door issued, a client's tokens
deleted, expired records flushed."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from ory_hydra_client.api.admin_api import AdminApi
from ory_hydra_client.exceptions import ApiException
from ory_hydra_client.model.flush_inactive_o_auth2_tokens_request import FlushInactiveOAuth2TokensRequest
from ory_hydra_client.model.o_auth2_client import OAuth2Client
from ory_hydra_client.model.string_slice_pipe_delimiter import StringSlicePipeDelimiter as Strings

from models import Realm, Token
from tests.support import ADMIN_PASSWORD, ADMIN_USERNAME, RunningServer, password_token, unique


def _client_credentials(base_url: str, client_id: str, secret: str, scope: str | None = None) -> str:
    response = httpx.post(
        f"{base_url}/realms/master/protocol/openid-connect/token",
        data={"grant_type": "client_credentials", **({"scope": scope} if scope else {})},
        auth=(client_id, secret),
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def test_introspect_any_doors_token(hydra: AdminApi, base_url: str) -> None:
    token = password_token(base_url, "master", ADMIN_USERNAME, ADMIN_PASSWORD)
    seen = hydra.introspect_o_auth2_token(token)
    assert seen.active is True and seen.client_id == "admin-cli" and seen.token_type == "Bearer"
    assert seen.token_use == "access_token" and seen.username == ADMIN_USERNAME and seen.sub
    assert seen.exp > time.time() and seen.iat <= time.time() and seen.iss.endswith("/realms/master")
    assert hydra.introspect_o_auth2_token(token, scope="no-such-scope").active is False
    assert hydra.introspect_o_auth2_token("not-a-token").to_dict() == {"active": False}


def test_deleting_a_clients_tokens_makes_them_inactive(hydra: AdminApi, base_url: str) -> None:
    made = hydra.create_o_auth2_client(
        OAuth2Client(client_id=unique("cc"), grant_types=Strings(["client_credentials"]))
    )
    token = _client_credentials(base_url, made.client_id, made.client_secret)
    assert hydra.introspect_o_auth2_token(token).client_id == made.client_id
    other = password_token(base_url, "master", ADMIN_USERNAME, ADMIN_PASSWORD)
    hydra.delete_o_auth2_token(made.client_id)
    assert hydra.introspect_o_auth2_token(token).active is False
    assert hydra.introspect_o_auth2_token(other).active is True
    hydra.delete_o_auth2_token("no-such-client")  # Hydra answers 204 all the same
    hydra.delete_o_auth2_client(made.client_id)


async def _expired_record() -> str:
    realm = await Realm.get(name="master")
    token_id = uuid.uuid4().hex
    past = int((time.time() - 3600) * 1000)
    await Token.create(id=token_id, realm_id=realm.id, kind="access", issued_at=past - 1000, expires_at=past)
    return token_id


async def _exists(token_id: str) -> bool:
    return await Token.filter(id=token_id).exists()


def test_flush_removes_expired_records_only(hydra: AdminApi, server: RunningServer, base_url: str) -> None:
    old, older = server.run(_expired_record()), server.run(_expired_record())
    live = password_token(base_url, "master", ADMIN_USERNAME, ADMIN_PASSWORD)
    long_ago = datetime.now(UTC) - timedelta(days=1)
    hydra.flush_inactive_o_auth2_tokens(
        flush_inactive_o_auth2_tokens_request=FlushInactiveOAuth2TokensRequest(not_after=long_ago)
    )
    assert server.run(_exists(old))
    hydra.flush_inactive_o_auth2_tokens(
        flush_inactive_o_auth2_tokens_request=FlushInactiveOAuth2TokensRequest(
            not_after=datetime.now(UTC) + timedelta(days=1)
        )
    )
    assert not server.run(_exists(old)) and not server.run(_exists(older))
    assert hydra.introspect_o_auth2_token(live).active is True


def test_documented_errors(
    admin: httpx.Client,
    hydra_admin_for: Callable[[str | None], AdminApi],
    master_user_token: Callable[..., str],
) -> None:
    missing = admin.delete("/oauth2/tokens")
    assert missing.status_code == 400 and "client_id" in missing.json()["error_description"]
    assert admin.post("/oauth2/flush", json={"notAfter": "yesterday"}).status_code == 400
    with pytest.raises(ApiException) as anonymous:
        hydra_admin_for(None).introspect_o_auth2_token("x")
    assert anonymous.value.status == 401
    viewer = hydra_admin_for(master_user_token("view-clients"))
    assert viewer.introspect_o_auth2_token("x").active is False
    with pytest.raises(ApiException) as read_only:
        viewer.flush_inactive_o_auth2_tokens()
    assert read_only.value.status == 403
    with pytest.raises(ApiException) as forbidden:
        hydra_admin_for(master_user_token("view-realm")).introspect_o_auth2_token("x")
    assert forbidden.value.status == 403
