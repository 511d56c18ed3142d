"""/builtins/status, login, whoami, logout, and the authentication failures, in lowball's wording."""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime, timedelta

import httpx

from tests.lowball.conftest import bearer, lowball_login
from tests.support import ADMIN_PASSWORD

DATE = "%Y-%m-%d %H:%M:%S"


def _message(response: httpx.Response) -> str:
    return str(response.json()["message"])


def _payload(token: str) -> dict[str, object]:
    part = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))))


def test_status_needs_no_token(anonymous: httpx.Client) -> None:
    response = anonymous.get("/builtins/status")
    assert response.status_code == 200
    assert response.json() == {
        "name": "iamgraph",
        "auth_provider_initialized": True,
        "auth_db_initialized": True,
    }


def test_login_whoami_and_token_shape(base_url: str, anonymous: httpx.Client) -> None:
    response = anonymous.post("/builtins/auth", json={"username": "admin", "password": ADMIN_PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    data = body["token_data"]
    assert set(data) == {"cid", "r", "cts", "ets", "rcid", "tid"}
    assert data["cid"] == "admin" and data["rcid"] == "admin" and "admin" in data["r"]
    assert re.fullmatch(r"[a-zA-Z0-9]{16}", data["tid"])
    life = datetime.strptime(data["ets"], DATE) - datetime.strptime(data["cts"], DATE)
    assert life == timedelta(seconds=3600)
    assert _payload(body["token"]) == data
    with bearer(base_url, body["token"]) as me:
        whoami = me.get("/builtins/auth")
        assert whoami.status_code == 200 and whoami.json() == data


def test_login_with_client_credentials_of_a_created_client(make_client, base_url: str) -> None:  # type: ignore[no-untyped-def]
    client_id, secret = make_client(["reader"])
    token = lowball_login(base_url, client_id, secret)
    with bearer(base_url, token) as me:
        assert me.get("/builtins/auth").json()["r"] == ["reader"]


def test_login_failures(anonymous: httpx.Client, make_client) -> None:  # type: ignore[no-untyped-def]
    client_id, _ = make_client()
    wrong = anonymous.post("/builtins/auth", json={"client_id": client_id, "client_secret": "nope"})
    assert wrong.status_code == 401
    assert _message(wrong) == "401 Unauthorized: Invalid credentials supplied"
    unknown = anonymous.post("/builtins/auth", json={"client_id": "no-such-client", "client_secret": "x"})
    assert (
        unknown.status_code == 401 and _message(unknown) == "401 Unauthorized: Invalid credentials supplied"
    )
    for body in ({}, {"client_id": client_id}, {"username": 5, "password": "x"}):
        bad = anonymous.post("/builtins/auth", json=body)
        assert bad.status_code == 400
        assert _message(bad) == "400 Bad Request: The Authentication Request Did Not Supply The Required Data"
    not_json = anonymous.post(
        "/builtins/auth", content=b"{oops", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 400 and "Did Not Supply The Required Data" in _message(not_json)


def test_authorization_header_errors(anonymous: httpx.Client) -> None:
    missing = anonymous.get("/builtins/auth")
    assert (
        missing.status_code == 400 and _message(missing) == "400 Bad Request: No token provided with request"
    )
    for header in ("Basic abc", "Bearer", "token"):
        bad = anonymous.get("/builtins/auth", headers={"Authorization": header})
        assert bad.status_code == 400
        assert _message(bad) == "400 Bad Request: Authorization header improperly formatted"
    garbage = anonymous.get("/builtins/auth", headers={"Authorization": "Bearer not.a.token"})
    assert garbage.status_code == 401 and _message(garbage) == "401 Unauthorized: Token Is Invalid"


def test_forged_and_keycloak_tokens_are_invalid(
    anonymous: httpx.Client, admin_token: str, base_url: str
) -> None:
    # A Keycloak access token is signed by the same realm key, but is no lowball token.
    kc = anonymous.get("/builtins/auth", headers={"Authorization": f"Bearer {admin_token}"})
    assert kc.status_code == 401 and _message(kc) == "401 Unauthorized: Token Is Invalid"
    token = lowball_login(base_url, "admin", ADMIN_PASSWORD)
    head, _, sig = token.split(".")
    claims = _payload(token)
    claims["r"] = ["admin", "superuser"]
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    forged = anonymous.get(
        "/builtins/auth", headers={"Authorization": f"Bearer {head}.{forged_payload}.{sig}"}
    )
    assert forged.status_code == 401 and _message(forged) == "401 Unauthorized: Token Is Invalid"


def test_expired_token(make_client, server, base_url: str) -> None:  # type: ignore[no-untyped-def]
    from models import Realm, User
    from resolvers.lowball import tokens

    client_id, _ = make_client()

    async def issue_expired() -> str:
        # Through the resolver's own issuing path, with a life already over.
        realm = await Realm.get(name="master")
        user = await User.get(realm_id=realm.id, username=client_id)
        return (await tokens.issue(realm, user, [], client_id, -5)).token

    with bearer(base_url, server.run(issue_expired())) as old:
        response = old.get("/builtins/auth")
    assert response.status_code == 401 and _message(response) == "401 Unauthorized: Token Has Expired"


def test_logout_revokes_the_token(base_url: str) -> None:
    token = lowball_login(base_url, "admin", ADMIN_PASSWORD)
    with bearer(base_url, token) as me:
        assert me.delete("/builtins/auth").status_code == 204
        after = me.get("/builtins/auth")
    assert after.status_code == 401 and _message(after) == "401 Unauthorized: Token Is Invalid"


def test_disabled_client_cannot_log_in_and_its_tokens_stop(
    lb_admin: httpx.Client,
    make_client,
    base_url: str,  # type: ignore[no-untyped-def]
    anonymous: httpx.Client,
) -> None:
    client_id, secret = make_client()
    token = lowball_login(base_url, client_id, secret)
    assert lb_admin.post(f"/builtins/auth/clients/{client_id}/disable").status_code == 204
    with bearer(base_url, token) as me:
        assert _message(me.get("/builtins/auth")) == "401 Unauthorized: Token Is Invalid"
    refused = anonymous.post("/builtins/auth", json={"client_id": client_id, "client_secret": secret})
    assert (
        refused.status_code == 401 and _message(refused) == "401 Unauthorized: Invalid credentials supplied"
    )
    assert lb_admin.post(f"/builtins/auth/clients/{client_id}/enable").status_code == 204
    assert lowball_login(base_url, client_id, secret)
