"""RP-initiated logout ends the SSO session and the sessions it made; discovery lists what is served."""

from __future__ import annotations

import httpx

from tests.login.conftest import APP, LoginRealm
from tests.login.flows import browser, exchange, password_login, start
from tests.login.html_client import Arrival, Browser, Page


def _logged_in(realm: LoginRealm, username: str) -> tuple[Browser, dict[str, str]]:
    realm.add_user(username, f"{username}-password")
    b = browser(realm)
    page, _, _ = start(b, realm)
    arrival = password_login(b, page, username, f"{username}-password")
    tokens = exchange(realm, "web", arrival)
    assert tokens.status_code == 200, tokens.text
    return b, tokens.json()


def test_logout_with_id_token_hint_ends_the_sso_session(login_realm: LoginRealm) -> None:
    b, tokens = _logged_in(login_realm, "ivy")
    logout = f"/realms/{login_realm.name}/protocol/openid-connect/logout"
    bad = b.http.get(
        logout,
        params={"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": "http://evil.example/"},
    )
    assert bad.status_code == 400 and "location" not in bad.headers

    done = b.get(
        logout, id_token_hint=tokens["id_token"], post_logout_redirect_uri=f"{APP}/web/bye", state="s1"
    )
    assert isinstance(done, Arrival) and done.url == f"{APP}/web/bye?state=s1"
    assert "KEYCLOAK_IDENTITY" not in {c.name for c in b.http.cookies.jar}

    url = f"{login_realm.admin.base_url}/realms/{login_realm.name}/protocol/openid-connect"
    userinfo = httpx.get(f"{url}/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert userinfo.status_code == 401
    refreshed = httpx.post(
        f"{url}/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "client_id": "web",
            "client_secret": "web-secret",
        },
    )
    assert refreshed.status_code == 400
    page, _, _ = start(b, login_realm, "shop")
    assert isinstance(page, Page) and page.form.id == "kc-form-login"


def test_logout_without_a_hint_asks_for_confirmation(login_realm: LoginRealm) -> None:
    b, _ = _logged_in(login_realm, "jon")
    confirm = b.get(f"/realms/{login_realm.name}/protocol/openid-connect/logout")
    assert isinstance(confirm, Page) and confirm.form.id == "kc-logout-form"
    assert isinstance(start(b, login_realm, "shop")[0], Arrival)  # a link alone logs nobody out
    forged = b.http.post(confirm.form.action, data={"confirm": "yes", "csrf": "forged"})
    assert forged.status_code == 200 and isinstance(start(b, login_realm, "shop")[0], Arrival)
    again = b.get(f"/realms/{login_realm.name}/protocol/openid-connect/logout")  # the forged answer's CSRF
    done = b.submit(again)
    assert isinstance(done, Page) and done.status == 200
    page, _, _ = start(b, login_realm, "shop")
    assert isinstance(page, Page) and page.form.id == "kc-form-login"


def test_discovery_lists_the_code_flow(login_realm: LoginRealm) -> None:
    body = httpx.get(
        f"{login_realm.admin.base_url}/realms/{login_realm.name}/.well-known/openid-configuration"
    ).json()
    assert body["authorization_endpoint"].endswith(f"/realms/{login_realm.name}/protocol/openid-connect/auth")
    assert body["response_types_supported"] == ["code"]
    assert body["code_challenge_methods_supported"] == ["plain", "S256"]
    assert "authorization_code" in body["grant_types_supported"]
