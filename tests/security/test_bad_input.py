"""No input makes a 500, and no error carries internal text: each case below is a 4xx in its dialect's
error shape on SQLite and PostgreSQL alike. Every case here answered 500 (or leaked database or Python
text) before the boundary checks of ``core.inputs`` and the mapping of refused values."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    RunningServer,
    fresh_database_url,
    password_token,
    serve_process,
)

# Text that must never reach a caller: tracebacks, driver and ORM names, database messages.
LEAKS = (
    "Traceback",
    'File "',
    "asyncpg",
    "sqlite",
    "tortoise",
    "IntegrityError",
    "ValidationError",
    "violates",
    "syntax error at",
    "invalid byte sequence",
    "invalid input for query argument",
    "codec can't",
    "surrogates not allowed",
    "Length of '",
    "exceeds 64-bit",
    "Recursion limit",
)
BIG = "9" * 30
LONG = "x" * 300


def assert_clean(response: httpx.Response, status: int = 400) -> Any:
    assert response.status_code == status, (response.status_code, response.text[:500])
    for leak in LEAKS:
        assert leak not in response.text, (leak, response.text[:500])
    return response.json()


@pytest.fixture
def user_id(admin: httpx.Client, realm: str) -> str:
    response = admin.post(f"/admin/realms/{realm}/users", json={"username": "someone"})
    assert response.status_code == 201, response.text
    return response.headers["location"].rsplit("/", 1)[1]


# --- Keycloak: query and path values ------------------------------------------------------------------

KEYCLOAK_URLS = {
    "non-ASCII digit in events dateFrom": "/events?dateFrom=\u00b2",
    "events dateFrom beyond 64 bits": "/events?dateFrom=" + BIG,
    "admin-events dateTo beyond 64 bits": "/admin-events?dateTo=" + BIG,
    "users first beyond 64 bits": "/users?first=" + BIG,
    "users max beyond 64 bits": "/users?max=" + BIG,
    "groups first beyond 64 bits": "/groups?first=" + BIG,
    "clients first beyond 64 bits": "/clients?first=" + BIG,
    "roles first beyond 64 bits": "/roles?first=" + BIG,
    "NUL in a user id": "/users/%00",
    "NUL in a search value": "/users?search=%00",
    "NUL in an exact username": "/users?username=a%00",
    "NUL in an attribute query": "/users?q=a:%00",
    "role name longer than its column": "/roles/" + LONG,
    "role id longer than its column": "/roles-by-id/" + LONG,
    "group id longer than its column": "/groups/" + LONG,
    "client id longer than its column": "/clients/" + LONG,
    "group path longer than its column": "/group-by-path/" + "y" * 1100,
    "2,000 attribute conditions in q": "/users?q=" + "%20".join(f"k{i}:v" for i in range(2000)),
}


@pytest.mark.parametrize("suffix", KEYCLOAK_URLS.values(), ids=KEYCLOAK_URLS.keys())
def test_keycloak_query_and_path_values(admin: httpx.Client, realm: str, suffix: str) -> None:
    body = assert_clean(admin.get(f"/admin/realms/{realm}{suffix}"))
    assert "errorMessage" in body


def test_searches_that_crashed(admin: httpx.Client, realm: str) -> None:
    """A prefix search ending in the last code point, and resourcePath wildcards inside the pattern."""
    assert admin.get(f"/admin/realms/{realm}/users", params={"search": "a\U0010ffff"}).json() == []
    assert admin.get(f"/admin/realms/{realm}/users", params={"search": "a\ud7ff"}).json() == []
    made = admin.post(f"/admin/realms/{realm}/groups", json={"name": "watched"})
    group_id = made.headers["location"].rsplit("/", 1)[1]
    events = f"/admin/realms/{realm}/admin-events"
    for pattern, found in (("gr*ps/*", True), ("*s/" + group_id, True), ("g*x*", False), ("*%" * 300, False)):
        response = admin.get(events, params={"resourcePath": pattern})
        assert response.status_code == 200, response.text
        assert any(e["resourcePath"] == f"groups/{group_id}" for e in response.json()) is found, pattern


def test_nul_in_the_realm_path(admin: httpx.Client) -> None:
    assert "errorMessage" in assert_clean(admin.get("/admin/realms/%00"))


def test_too_long_ids_in_write_paths(admin: httpx.Client, realm: str, user_id: str) -> None:
    for method, path in (
        ("PUT", f"/users/{user_id}/groups/{LONG}"),
        ("PUT", f"/default-groups/{LONG}"),
        ("DELETE", f"/sessions/{LONG}"),
    ):
        assert "errorMessage" in assert_clean(admin.request(method, f"/admin/realms/{realm}{path}"))


# --- Keycloak: bodies ----------------------------------------------------------------------------------

USER_BODIES = {
    "NUL in a username": '{"username": "a\\u0000b"}',
    "unpaired surrogate in a username": '{"username": "a\\ud800b"}',
    "attribute name longer than its column": '{"username": "n1", "attributes": {"' + LONG + '": ["v"]}}',
    "NUL in an attribute value": '{"username": "n2", "attributes": {"a": ["\\u0000"]}}',
    "JSON nested 1,000 deep": "[" * 1000 + "]" * 1000,
    "objects nested 1,000 deep": '{"a":' * 1000 + "1" + "}" * 1000,
    "not UTF-8": b'{"username": "\xff"}',
}


@pytest.mark.parametrize("body", USER_BODIES.values(), ids=USER_BODIES.keys())
def test_user_bodies(admin: httpx.Client, realm: str, body: str | bytes) -> None:
    response = admin.post(
        f"/admin/realms/{realm}/users", content=body, headers={"Content-Type": "application/json"}
    )
    assert "errorMessage" in assert_clean(response)


REALM_BODIES = {
    "integer beyond 64 bits in a setting": '{"accessTokenLifespan": ' + BIG + "}",
    "integer beyond 64 bits in notBefore": '{"notBefore": ' + BIG + "}",
    "NUL in a display name": '{"displayName": "\\u0000"}',
    "unpaired surrogate in a display name": '{"displayName": "\\udfff"}',
    "NaN in an unknown setting": '{"custom": NaN}',
    "arrays nested 500 deep in a setting": '{"custom": ' + "[" * 500 + "]" * 500 + "}",
}


@pytest.mark.parametrize("body", REALM_BODIES.values(), ids=REALM_BODIES.keys())
def test_realm_update_bodies(admin: httpx.Client, realm: str, body: str) -> None:
    response = admin.put(f"/admin/realms/{realm}", content=body, headers={"Content-Type": "application/json"})
    assert "errorMessage" in assert_clean(response)
    assert admin.get(f"/admin/realms/{realm}").status_code == 200, "the realm still answers"


def test_other_keycloak_bodies(admin: httpx.Client, realm: str) -> None:
    for path, body in (
        ("/clients", {"clientId": LONG}),
        ("/clients", {"clientId": "\x00"}),
        ("/groups", {"name": "\x00"}),
        ("/roles", {"name": "\x00"}),
    ):
        assert "errorMessage" in assert_clean(admin.post(f"/admin/realms/{realm}{path}", json=body))
    events = admin.put(
        f"/admin/realms/{realm}/events/config",
        content='{"eventsExpiration": ' + BIG + "}",
        headers={"Content-Type": "application/json"},
    )
    assert "errorMessage" in assert_clean(events)
    # A NUL realm name was stored on SQLite and then broke the Location header of the answer.
    assert "errorMessage" in assert_clean(admin.post("/admin/realms", json={"realm": "a\x00b"}))


def test_errors_name_no_parser_internals(admin: httpx.Client, realm: str) -> None:
    response = admin.post(
        f"/admin/realms/{realm}/users", content=b"{\xff", headers={"Content-Type": "application/json"}
    )
    assert assert_clean(response) == {"errorMessage": "Malformed JSON body: not UTF-8 text"}


# --- Keycloak OpenID Connect ---------------------------------------------------------------------------


def test_nul_in_token_endpoint_fields(anonymous: httpx.Client) -> None:
    url = "/realms/master/protocol/openid-connect/token"
    form = {"grant_type": "password", "client_id": "admin-cli", "username": "a\x00", "password": "x"}
    assert assert_clean(anonymous.post(url, data=form))["error"] == "invalid_request"
    basic = anonymous.post(
        url, data={"grant_type": "client_credentials"}, auth=("admin-cli\x00", "secret"), headers={}
    )
    assert assert_clean(basic, 401)["error"] == "invalid_client"


# --- Keto ------------------------------------------------------------------------------------------------


def test_keto_bad_values(admin: httpx.Client) -> None:
    base = "/engines/acp/ory/exact"
    for response in (
        admin.get(f"{base}/policies/{LONG}"),
        admin.get(f"{base}/roles/{LONG}"),
        admin.put(f"{base}/policies", json={"id": "p\x00", "subjects": ["a"], "effect": "allow"}),
        admin.post(f"{base}/allowed", json={"subject": "\x00", "resource": "r", "action": "a"}),
    ):
        body = assert_clean(response)
        assert body["error"]["code"] == 400


def test_keto_paging_beyond_64_bits_falls_back_to_the_defaults(admin: httpx.Client) -> None:
    response = admin.get(f"/engines/acp/ory/exact/policies?offset={BIG}&limit={BIG}")
    assert response.status_code == 200, response.text


# --- lowball ---------------------------------------------------------------------------------------------


@pytest.fixture
def lowball_admin(base_url: str) -> Iterator[httpx.Client]:
    login = httpx.post(
        f"{base_url}/builtins/auth", json={"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD}
    )
    assert login.status_code == 200, login.text
    with httpx.Client(
        base_url=base_url, headers={"Authorization": f"Bearer {login.json()['token']}"}, timeout=30
    ) as client:
        yield client


def test_lowball_bad_values(anonymous: httpx.Client, lowball_admin: httpx.Client) -> None:
    for response in (
        anonymous.post("/builtins/auth", json={"client_id": "\x00", "client_secret": "x"}),
        anonymous.post("/builtins/auth", json={"client_id": LONG, "client_secret": "x"}),
        lowball_admin.post(
            "/builtins/auth/tokens",
            content='{"token_life": ' + BIG + "}",
            headers={"Content-Type": "application/json"},
        ),
        lowball_admin.get(f"/builtins/auth/clients/{LONG}"),
    ):
        body = assert_clean(response, response.status_code if 400 <= response.status_code < 500 else 400)
        assert body["message"].startswith(f"{response.status_code} ")


# --- headers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/realms/master", "/graphql", "/builtins/auth", "/version"])
def test_non_utf8_request_id_header(base_url: str, admin_token: str, path: str) -> None:
    headers = [(b"x-request-id", b"\xff\xfe"), (b"authorization", f"Bearer {admin_token}".encode())]
    response = httpx.get(base_url + path, headers=headers)
    assert response.status_code < 500, response.text
    assert response.headers["x-request-id"].isascii()


# --- GraphQL ---------------------------------------------------------------------------------------------

REALM = "query ($name: String!) { realm(name: $name) { name } }"
CLIENT_CREATE = """
mutation ($realm: String!, $input: ClientInput!) {
  clientCreate(realm: $realm, input: $input) { client { clientId } errors { code message } }
}
"""

GRAPHQL_BODIES = {
    "a null body": b"null",
    "a body that is not UTF-8": b'{"query": "\xff"}',
    "a list body": b"[]",
    "an unpaired surrogate in a variable": b'{"query": "%s", "variables": {"name": "\\ud800"}}'
    % REALM.encode(),
    "NUL in a variable": b'{"query": "%s", "variables": {"name": "a\\u0000"}}' % REALM.encode(),
    "variables nested 1,000 deep": b'{"query": "{ realms { totalCount } }", "variables": {"v": %s}}'
    % (b"[" * 1000 + b"]" * 1000),
}


@pytest.mark.parametrize("body", GRAPHQL_BODIES.values(), ids=GRAPHQL_BODIES.keys())
def test_graphql_bodies(admin: httpx.Client, body: bytes) -> None:
    response = admin.post("/graphql", content=body, headers={"Content-Type": "application/json"})
    assert assert_clean(response)["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_graphql_nul_in_a_string_literal(admin: httpx.Client) -> None:
    response = admin.post("/graphql", json={"query": '{ realm(name: "a\\u0000") { name } }'})
    body = assert_clean(response, 200)
    assert body["errors"][0]["message"] == "String values must not contain NUL characters"


def test_graphql_value_longer_than_its_column(admin: httpx.Client, realm: str) -> None:
    response = admin.post(
        "/graphql", json={"query": CLIENT_CREATE, "variables": {"realm": realm, "input": {"clientId": LONG}}}
    )
    error = assert_clean(response, 200)["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


# --- unexpected errors: masked, with the request id the log records -------------------------------------


def test_rest_crash_is_masked_with_the_logged_request_id(
    admin: httpx.Client,
    server: RunningServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from resolvers.realms import crud as realms

    async def broken(*_args: Any) -> None:
        raise RuntimeError("internal detail the caller must not see")

    monkeypatch.setattr(realms, "get_realm", broken)
    with caplog.at_level(logging.ERROR, logger="iamgraph"):
        response = admin.get("/admin/realms/master")
    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    assert response.json() == {
        "error": "unknown_error",
        "error_description": f"Internal server error (request id {request_id})",
    }
    assert "internal detail" not in response.text
    assert any(request_id in r.getMessage() and r.exc_info for r in caplog.records)


def test_graphql_crash_is_masked_with_the_logged_request_id(
    admin: httpx.Client,
    server: RunningServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from resolvers.realms import crud as realms

    async def broken(*_args: Any) -> None:
        raise RuntimeError("internal detail the caller must not see")

    monkeypatch.setattr(realms, "get_realm", broken)
    with caplog.at_level(logging.ERROR, logger="iamgraph"):
        response = admin.post("/graphql", json={"query": REALM, "variables": {"name": "master"}})
    request_id = response.headers["x-request-id"]
    error = assert_clean(response, 200)["errors"][0]
    assert error["message"] == f"Internal server error (request id {request_id})"
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "internal detail" not in response.text
    assert any(request_id in r.getMessage() and r.exc_info for r in caplog.records)


# --- mail settings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "smtp",
    [None, ["not", "an", "object"], {"host": "127.0.0.1", "from": "a@example.org", "port": "99999"}],
    ids=["no SMTP server", "smtpServer not an object", "port out of range"],
)
def test_mail_settings_are_the_realms_to_fix(admin: httpx.Client, realm: str, smtp: Any) -> None:
    """Missing or malformed mail settings are the realm admin's to fix (a 400); only a mail server that
    fails to deliver is Keycloak's 500."""
    if isinstance(smtp, list):
        # Not an object at all: refused when it is written, naming the setting.
        refused = admin.put(f"/admin/realms/{realm}", json={"smtpServer": smtp})
        assert refused.status_code == 400 and "smtpServer" in refused.text
        return
    if smtp is not None:
        assert admin.put(f"/admin/realms/{realm}", json={"smtpServer": smtp}).status_code == 204
    made = admin.post(f"/admin/realms/{realm}/users", json={"username": "mailee", "email": "m@example.org"})
    user_id = made.headers["location"].rsplit("/", 1)[1]
    response = admin.put(f"/admin/realms/{realm}/users/{user_id}/send-verify-email")
    assert assert_clean(response)["field"] == "smtpServer"


# --- more values than a statement can bind ---------------------------------------------------------------


@pytest.fixture(scope="module")
def roomy_server() -> Iterator[str]:
    """The command-line server with the default 1 MiB body limit: room for more values than PostgreSQL
    binds in one statement."""
    with fresh_database_url() as url, tempfile.TemporaryDirectory() as workdir:
        with serve_process(url, workdir, IAMGRAPH_ADMIN_PASSWORD=ADMIN_PASSWORD) as (base, _):
            yield base


def test_more_values_than_a_statement_binds(roomy_server: str) -> None:
    base = roomy_server
    token = password_token(base, "master", ADMIN_USERNAME, ADMIN_PASSWORD)
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120) as admin:
        made = admin.post("/admin/realms/master/users", json={"username": "many"})
        user = f"/admin/realms/master/users/{made.headers['location'].rsplit('/', 1)[1]}"
        refs = [{"id": f"r{i}"} for i in range(40_000)]
        for response in (
            admin.post(f"{user}/role-mappings/realm", json=refs),
            admin.request("DELETE", f"{user}/role-mappings/realm", json=refs),
            admin.put(f"{user}/disable-credential-types", json=[f"t{i}" for i in range(40_000)]),
        ):
            # SQLite binds them all (and answers 404 or 204); PostgreSQL stops at 32,767.
            assert response.status_code < 500, response.text[:300]
            if response.status_code >= 400:
                assert_clean(response, response.status_code)


def test_a_forwarded_address_that_is_no_address(admin: httpx.Client, realm: str) -> None:
    """uvicorn takes X-Forwarded-For from a trusted proxy (here: the loopback) as the client's address:
    text that is no IP address is not recorded, where it made every audited write a 400."""
    response = admin.post(
        f"/admin/realms/{realm}/users", json={"username": "forwarded"}, headers={"X-Forwarded-For": "x" * 100}
    )
    assert response.status_code == 201, response.text
