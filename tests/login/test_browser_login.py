"""Keycloak's browser login through the authorization endpoint, driven by an HTML client: forms found
and posted, redirects followed, the code exchanged and the ID token verified."""

from __future__ import annotations

import httpx

from tests.login.conftest import APP, LoginRealm
from tests.login.flows import browser, exchange, password_login, start, verified_claims
from tests.login.html_client import Arrival, Page, pkce_pair


def test_login_wrong_password_then_code_and_verified_id_token(login_realm: LoginRealm) -> None:
    user_id = login_realm.add_user("ada", "s3cret-pass")
    b = browser(login_realm)
    page, state, nonce = start(b, login_realm)
    assert isinstance(page, Page) and page.status == 200
    csrf_cookie = next(c for c in b.http.cookies.jar if c.name == "KEYCLOAK_LOGIN_CSRF")
    assert csrf_cookie.has_nonstandard_attr("HttpOnly") and csrf_cookie.path == f"/realms/{login_realm.name}/"

    wrong = password_login(b, page, "ada", "nope")
    assert isinstance(wrong, Page) and wrong.texts["input-error"] == "Invalid username or password."
    assert wrong.form.fields["username"] == "ada"

    arrival = password_login(b, wrong, "ada", "s3cret-pass")
    assert isinstance(arrival, Arrival) and arrival.url.startswith(f"{APP}/web/callback?")
    assert arrival.query["state"] == state
    identity = next(c for c in b.http.cookies.jar if c.name == "KEYCLOAK_IDENTITY")
    assert identity.has_nonstandard_attr("HttpOnly")
    tokens = exchange(login_realm, "web", arrival)
    assert tokens.status_code == 200, tokens.text
    body = tokens.json()
    claims = verified_claims(login_realm, body["id_token"])
    assert claims["iss"].endswith(f"/realms/{login_realm.name}")
    assert claims["sub"] == user_id and claims["aud"] in ("web", ["web"]) and claims["nonce"] == nonce
    assert claims["sid"] == arrival.query["session_state"]

    userinfo = httpx.get(
        f"{login_realm.admin.base_url}/realms/{login_realm.name}/protocol/openid-connect/userinfo",
        headers={"Authorization": f"Bearer {body['access_token']}"},
    )
    assert userinfo.status_code == 200, userinfo.text
    assert userinfo.json()["sub"] == user_id and userinfo.json()["preferred_username"] == "ada"

    # The refresh token is rotated; the rotated one presented again is refused.
    url = f"{login_realm.admin.base_url}/realms/{login_realm.name}/protocol/openid-connect/token"
    form = {"grant_type": "refresh_token", "client_id": "web", "client_secret": "web-secret"}
    refreshed = httpx.post(url, data=form | {"refresh_token": body["refresh_token"]})
    assert refreshed.status_code == 200, refreshed.text
    assert refreshed.json()["refresh_token"] != body["refresh_token"]
    assert httpx.post(url, data=form | {"refresh_token": body["refresh_token"]}).status_code == 400

    # The code works once.
    again = exchange(login_realm, "web", arrival)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_sso_on_a_second_client_prompt_login_and_prompt_none(login_realm: LoginRealm) -> None:
    login_realm.add_user("bob", "b0b-password")
    b = browser(login_realm)
    page, _, _ = start(b, login_realm)
    first = password_login(b, page, "bob", "b0b-password")
    assert isinstance(first, Arrival)

    second, state, _ = start(b, login_realm, "shop")
    assert isinstance(second, Arrival) and second.query["state"] == state  # no form: the SSO cookie
    assert second.query["session_state"] == first.query["session_state"]
    assert exchange(login_realm, "shop", second).status_code == 200

    silent, _, _ = start(b, login_realm, "shop", prompt="none")
    assert isinstance(silent, Arrival) and "code" in silent.query
    aged, _, _ = start(b, login_realm, "shop", max_age="0")  # as prompt=login (OIDC Core 3.1.2.1)
    assert isinstance(aged, Page) and aged.form.id == "kc-form-login"
    assert isinstance(start(b, login_realm, "shop", max_age="3600")[0], Arrival)
    again, _, _ = start(b, login_realm, "shop", prompt="login")
    assert isinstance(again, Page) and again.form.id == "kc-form-login"

    stranger = browser(login_realm)
    refused, state, _ = start(stranger, login_realm, prompt="none")
    assert isinstance(refused, Arrival)
    assert refused.query["error"] == "login_required" and refused.query["state"] == state


def test_pkce_required_by_the_client(login_realm: LoginRealm) -> None:
    login_realm.add_client("spa", attributes={"pkce.code.challenge.method": "S256"})
    login_realm.add_user("cy", "cy-password")
    b = browser(login_realm)
    missing, _, _ = start(b, login_realm, "spa")
    assert isinstance(missing, Arrival) and missing.query["error"] == "invalid_request"
    assert missing.query["error_description"] == "Missing parameter: code_challenge"
    plain, _, _ = start(b, login_realm, "spa", code_challenge="x" * 43, code_challenge_method="plain")
    assert isinstance(plain, Arrival) and plain.query["error"] == "invalid_request"

    verifier, challenge = pkce_pair()
    page, _, _ = start(b, login_realm, "spa", code_challenge=challenge, code_challenge_method="S256")
    arrival = password_login(b, page, "cy", "cy-password")
    assert exchange(login_realm, "spa", arrival, code_verifier="y" * 64).status_code == 400

    page, _, _ = start(b, login_realm, "spa", code_challenge=challenge, code_challenge_method="S256")
    arrival = start(b, login_realm, "spa", code_challenge=challenge, code_challenge_method="S256")[0]
    assert isinstance(arrival, Arrival)  # the SSO session answers at once
    assert exchange(login_realm, "spa", arrival).status_code == 400  # no verifier
    arrival = start(b, login_realm, "spa", code_challenge=challenge, code_challenge_method="S256")[0]
    assert exchange(login_realm, "spa", arrival, code_verifier=verifier).status_code == 200


def test_invalid_redirect_uri_gets_an_error_page_never_a_redirect(login_realm: LoginRealm) -> None:
    b = browser(login_realm)
    url = f"/realms/{login_realm.name}/protocol/openid-connect/auth"
    for uri in ("http://evil.example/web/callback", f"{APP}/other/callback", f"{APP}/web/../x"):
        response = b.http.get(url, params={"client_id": "web", "redirect_uri": uri, "response_type": "code"})
        assert response.status_code == 400 and "location" not in response.headers
        assert "Invalid parameter: redirect_uri" in response.text
    unknown = b.http.get(url, params={"client_id": "nobody", "redirect_uri": f"{APP}/web/cb"})
    assert unknown.status_code == 400 and "Client not found." in unknown.text
    wildcard = b.http.get(url, params={"client_id": "web", "redirect_uri": f"{APP}/web/deep/path?x=1"})
    assert wildcard.status_code == 302 and wildcard.headers["location"].startswith(
        f"{APP}/web/deep/path?x=1&"
    )
    assert "error=invalid_request" in wildcard.headers["location"]  # no response_type, said at the RP


def test_csrf_token_is_required(login_realm: LoginRealm) -> None:
    login_realm.add_user("dan", "dan-password")
    b = browser(login_realm)
    page, _, _ = start(b, login_realm)
    assert isinstance(page, Page)
    forged = b.http.post(page.form.action, data={"username": "dan", "password": "dan-password", "csrf": "x"})
    assert forged.status_code == 403 and "location" not in forged.headers
    b.http.cookies.clear()
    missing = b.http.post(
        page.form.action, data=page.form.fields | {"username": "dan", "password": "dan-password"}
    )
    assert missing.status_code == 403


def test_failed_passwords_lock_the_user_out(login_realm: LoginRealm) -> None:
    login_realm.update(bruteForceProtected=True, failureFactor=2, permanentLockout=False)
    user_id = login_realm.add_user("eve", "eve-password")
    b = browser(login_realm)
    page, _, _ = start(b, login_realm)
    for _ in range(2):
        page = password_login(b, page, "eve", "wrong")
    status = login_realm.admin.get(
        f"/admin/realms/{login_realm.name}/attack-detection/brute-force/users/{user_id}"
    )
    assert status.json()["numFailures"] == 2 and status.json()["disabled"] is True
    refused = password_login(b, page, "eve", "eve-password")
    assert isinstance(refused, Page) and refused.texts["input-error"] == "Invalid username or password."


def test_pages_use_the_realm_localization_texts_and_the_login_hint(login_realm: LoginRealm) -> None:
    texts = f"/admin/realms/{login_realm.name}/localization"
    for locale, key, text in (
        ("en", "loginAccountTitle", "Welcome to Acme"),
        ("de", "loginAccountTitle", "Willkommen bei Acme"),
        ("de", "doLogIn", "Anmelden"),
    ):
        put = login_realm.admin.put(
            f"{texts}/{locale}/{key}", content=text, headers={"Content-Type": "text/plain"}
        )
        assert put.status_code == 204, put.text
    b = browser(login_realm)
    page, _, _ = start(b, login_realm, login_hint="zoe")
    assert isinstance(page, Page) and page.texts["kc-page-title"] == "Welcome to Acme"
    assert page.form.fields["username"] == "zoe"
    german, _, _ = start(b, login_realm, ui_locales="fr de")
    assert isinstance(german, Page) and german.texts["kc-page-title"] == "Willkommen bei Acme"
    assert german.texts["kc-login"] == "Anmelden"
    assert "<script" not in german.html and "http" not in german.html.split("<body>")[0].replace(
        "http-equiv", ""
    )


def test_consent_required_client_asks_once_and_a_refusal_is_access_denied(login_realm: LoginRealm) -> None:
    login_realm.add_client("crm", consentRequired=True)
    user_id = login_realm.add_user("una", "una-password")
    b = browser(login_realm)
    page, _, _ = start(b, login_realm, "crm")
    asked = password_login(b, page, "una", "una-password")
    assert isinstance(asked, Page) and asked.form.id == "kc-oauth-form"
    assert "User profile" in asked.html
    assert isinstance(start(b, login_realm, "web")[0], Page)  # nothing granted: no SSO session yet
    assert isinstance(password_login(b, start(b, login_realm, "web")[0], "una", "una-password"), Arrival)
    asked, _, _ = start(b, login_realm, "crm")  # the SSO session: only the consent page
    assert isinstance(asked, Page) and asked.form.id == "kc-oauth-form"
    denied = b.http.post(asked.form.action, data={"csrf": asked.form.fields["csrf"], "cancel": "yes"})
    assert denied.status_code == 302 and "error=access_denied" in denied.headers["location"]

    again, state, _ = start(b, login_realm, "crm")
    assert isinstance(again, Page) and again.form.id == "kc-oauth-form"
    arrival = b.submit(again)  # the first button: accept
    assert isinstance(arrival, Arrival) and arrival.query["state"] == state
    assert exchange(login_realm, "crm", arrival).status_code == 200
    consents = login_realm.admin.get(f"/admin/realms/{login_realm.name}/users/{user_id}/consents").json()
    assert [c["clientId"] for c in consents] == ["crm"] and "profile" in consents[0]["grantedClientScopes"]
    assert isinstance(start(b, login_realm, "crm")[0], Arrival)  # consent held: asked no more
