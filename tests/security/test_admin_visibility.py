"""What the narrow read rights show, as Keycloak's evaluators decide: ``query-groups`` lists groups and
nothing else of them, ``view-users`` reads users and their groups; neither reads the realm's settings
(Keycloak answers a caller without ``view-realm`` with the realm's name alone), its clients or its
events."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from resolvers.realms.views import REDUCED_SETTINGS, USER_VIEWER_SETTINGS
from tests.graphql_client import gql_response
from tests.security.admins import Setup, setup_of
from tests.support import unique

SMTP_PASSWORD = "smtp-secret-value"


@pytest.fixture
def scene(admin: httpx.Client, base_url: str, realm: str) -> Iterator[Setup]:
    with setup_of(admin, base_url, realm) as made:
        settings = {
            "smtpServer": {"host": "mail.example", "from": "a@example.org", "password": SMTP_PASSWORD}
        }
        assert admin.put(f"/admin/realms/{realm}", json=settings).status_code == 204
        yield made


def _reads(client: httpx.Client, scene: Setup, group_id: str, user_id: str) -> dict[str, int]:
    """The status of each read, by what it reads."""
    base = scene.base
    app = scene.management()
    paths = {
        "groups": f"{base}/groups",
        "group count": f"{base}/groups/count",
        "group": f"{base}/groups/{group_id}",
        "group members": f"{base}/groups/{group_id}/members",
        "subgroups": f"{base}/groups/{group_id}/children",
        "group role mappings": f"{base}/groups/{group_id}/role-mappings",
        "users": f"{base}/users",
        "user": f"{base}/users/{user_id}",
        "user groups": f"{base}/users/{user_id}/groups",
        "user credentials": f"{base}/users/{user_id}/credentials",
        "clients": f"{base}/clients",
        "client": f"{base}/clients/{app}",
        "events": f"{base}/events",
        "admin events": f"{base}/admin-events",
        "events config": f"{base}/events/config",
        "default groups": f"{base}/default-groups",
        "role": f"{base}/roles/offline_access",
        "client session stats": f"{base}/client-session-stats",
    }
    return {what: client.get(path).status_code for what, path in paths.items()}


def _denied(statuses: dict[str, int], allowed: set[str]) -> None:
    assert {w for w, s in statuses.items() if s == 200} == allowed, statuses
    assert all(s == 403 for w, s in statuses.items() if w not in allowed), statuses


def _realm_shows_its_name_only(client: httpx.Client, scene: Setup) -> None:
    """Keycloak's getRealm for a caller without view-realm: the name and the few settings any admin of the
    realm may read (locales, display name, brute-force switch), never the rest; the list names the realm."""
    one = client.get(scene.base)
    assert one.status_code == 200, one.text
    assert one.json()["realm"] == scene.realm
    assert set(one.json()) <= {"realm", *REDUCED_SETTINGS, *USER_VIEWER_SETTINGS}
    assert "smtpServer" not in one.json()
    listed = client.get("/admin/realms")
    assert listed.status_code == 200, listed.text
    assert listed.json() == [{"realm": scene.realm}]
    assert SMTP_PASSWORD not in one.text + listed.text


def test_query_groups_lists_groups_and_reads_nothing_else(scene: Setup) -> None:
    group_id = scene.group(unique("team"), scene.admin_role("view-users"))
    user_id = scene.user()
    scene.join(user_id, group_id)
    caller = scene.caller("query-groups")
    _denied(_reads(caller.http, scene, group_id, user_id), {"groups", "group count"})
    listed = caller.http.get(f"{scene.base}/groups").json()
    assert [g["id"] for g in listed] == [group_id]
    _realm_shows_its_name_only(caller.http, scene)


def test_view_users_reads_users_but_no_realm_settings_clients_or_events(scene: Setup) -> None:
    group_id = scene.group(unique("team"))
    user_id = scene.user()
    scene.join(user_id, group_id)
    caller = scene.caller("view-users")
    statuses = _reads(caller.http, scene, group_id, user_id)
    readable = {
        "groups",
        "group count",
        "group",
        "group members",
        "subgroups",
        "group role mappings",
        "users",
        "user",
        "user groups",
        "user credentials",
    }
    _denied(statuses, readable)
    credentials = caller.http.get(f"{scene.base}/users/{user_id}/credentials")
    assert credentials.json() and all("secretData" not in c for c in credentials.json())
    assert "$argon2" not in credentials.text
    _realm_shows_its_name_only(caller.http, scene)


def test_view_realm_reads_the_realm_settings(scene: Setup) -> None:
    caller = scene.caller("view-realm")
    rep = caller.http.get(scene.base).json()
    assert rep["realm"] == scene.realm and rep["smtpServer"]["host"] == "mail.example"
    assert "accessTokenLifespan" in caller.http.get("/admin/realms").json()[0]


REALM_SETTINGS = "query($name: String!) { realm(name: $name) { name settings accessTokenLifespan } }"
REALM_NAME = "query($name: String!) { realm(name: $name) { name } realms { edges { node { name } } } }"


def test_graphql_shows_realm_settings_only_to_realm_viewers(scene: Setup) -> None:
    for right in ("query-groups", "view-users"):
        caller = scene.caller(right)
        named = gql_response(caller.http, REALM_NAME, name=scene.realm)
        assert "errors" not in named, named
        assert named["data"]["realm"]["name"] == scene.realm
        body = gql_response(caller.http, REALM_SETTINGS, name=scene.realm)
        settings = body["data"]["realm"]["settings"]
        assert set(settings) <= {*REDUCED_SETTINGS, *USER_VIEWER_SETTINGS}, body
        assert "smtpServer" not in settings
        assert SMTP_PASSWORD not in str(body)
    viewer = scene.caller("view-realm")
    body = gql_response(viewer.http, REALM_SETTINGS, name=scene.realm)
    assert "errors" not in body, body
    assert body["data"]["realm"]["settings"]["smtpServer"]["host"] == "mail.example"
