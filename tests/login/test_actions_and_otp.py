"""Required actions during the browser login (configure TOTP, update password, terms, profile), OTP on
the next login, HOTP under the realm's policy, and a copied browser flow bound with OTP required."""

from __future__ import annotations

import httpx

from tests.login.conftest import LoginRealm
from tests.login.flows import browser, exchange, otp_now, password_login, start
from tests.login.html_client import Arrival, Page


def test_update_password_configure_totp_then_otp_on_the_next_login(login_realm: LoginRealm) -> None:
    # A temporary password asks for UPDATE_PASSWORD; terms are asked for once the realm enables them.
    terms = f"/admin/realms/{login_realm.name}/authentication/required-actions/TERMS_AND_CONDITIONS"
    action = login_realm.admin.get(terms).json() | {"enabled": True}
    assert login_realm.admin.put(terms, json=action).status_code == 204
    user_id = login_realm.add_user(
        "fay",
        "first-password",
        requiredActions=["CONFIGURE_TOTP", "TERMS_AND_CONDITIONS", "UPDATE_PROFILE"],
        credentials=[{"type": "password", "value": "first-password", "temporary": True}],
    )
    b = browser(login_realm)
    page, state, _ = start(b, login_realm)
    totp_page = password_login(b, page, "fay", "first-password")
    assert isinstance(totp_page, Page) and totp_page.form.id == "kc-totp-settings-form"
    secret = totp_page.texts["kc-totp-secret-key"]
    uri = totp_page.hrefs["kc-totp-uri"]
    assert uri.startswith(f"otpauth://totp/{login_realm.name}%3Afay?") and f"secret={secret}" in uri

    wrong = b.submit(totp_page, totp="000000" if otp_now(secret) != "000000" else "111111")
    assert isinstance(wrong, Page) and wrong.texts["input-error"] == "Invalid authenticator code."
    accept = b.submit(wrong, totp=otp_now(secret), userLabel="phone")
    assert isinstance(accept, Page) and "kc-terms-text" in accept.texts
    update = b.submit(accept)
    assert isinstance(update, Page) and update.form.id == "kc-passwd-update-form"
    mismatch = b.submit(update, **{"password-new": "second-password", "password-confirm": "other"})
    assert isinstance(mismatch, Page) and mismatch.texts["input-error"] == "Passwords don't match."
    profile = b.submit(mismatch, **{"password-new": "second-password", "password-confirm": "second-password"})
    assert isinstance(profile, Page) and profile.form.fields["email"] == "fay@example.org"
    arrival = b.submit(profile, firstName="Fay")
    assert isinstance(arrival, Arrival) and arrival.query["state"] == state
    assert exchange(login_realm, "web", arrival).status_code == 200

    user = login_realm.admin.get(f"/admin/realms/{login_realm.name}/users/{user_id}").json()
    assert user["requiredActions"] == [] and user["firstName"] == "Fay"
    credentials = login_realm.admin.get(
        f"/admin/realms/{login_realm.name}/users/{user_id}/credentials"
    ).json()
    otp = next(c for c in credentials if c["type"] == "otp")
    assert otp["userLabel"] == "phone" and secret not in str(credentials)

    # The next login asks for the new password, then for the OTP (the conditional sub-flow).
    fresh = browser(login_realm)
    page, _, _ = start(fresh, login_realm)
    assert isinstance(password_login(fresh, page, "fay", "first-password"), Page)
    page, _, _ = start(fresh, login_realm)
    otp_page = password_login(fresh, page, "fay", "second-password")
    assert isinstance(otp_page, Page) and otp_page.form.id == "kc-otp-login-form"
    refused = fresh.submit(otp_page, otp="12345")
    assert isinstance(refused, Page) and refused.texts["input-error"] == "Invalid authenticator code."
    arrival = fresh.submit(refused, otp=otp_now(secret))
    assert isinstance(arrival, Arrival) and exchange(login_realm, "web", arrival).status_code == 200


def test_hotp_under_the_realm_policy(login_realm: LoginRealm) -> None:
    login_realm.update(otpPolicyType="hotp", otpPolicyDigits=8, otpPolicyLookAheadWindow=2)
    login_realm.add_user("gil", "gil-password", requiredActions=["CONFIGURE_TOTP"])
    b = browser(login_realm)
    page, _, _ = start(b, login_realm)
    setup = password_login(b, page, "gil", "gil-password")
    assert isinstance(setup, Page)
    secret = setup.texts["kc-totp-secret-key"]
    assert (
        setup.hrefs["kc-totp-uri"].startswith("otpauth://hotp/") and "digits=8" in setup.hrefs["kc-totp-uri"]
    )
    assert isinstance(b.submit(setup, totp=otp_now(secret, digits=8, counter=0)), Arrival)

    # Counter 0 was the setup's: the next login takes one within the look-ahead window, once.
    for counter, expected in ((2, Arrival), (2, Page), (3, Arrival)):
        fresh = browser(login_realm)
        page, _, _ = start(fresh, login_realm)
        otp_page = password_login(fresh, page, "gil", "gil-password")
        assert isinstance(otp_page, Page) and otp_page.form.id == "kc-otp-login-form"
        assert isinstance(fresh.submit(otp_page, otp=otp_now(secret, digits=8, counter=counter)), expected)


def test_copied_browser_flow_bound_with_otp_required(login_realm: LoginRealm) -> None:
    admin, base = login_realm.admin, f"/admin/realms/{login_realm.name}/authentication"
    copied = admin.post(f"{base}/flows/browser/copy", json={"newName": "strict browser"})
    assert copied.status_code == 201, copied.text
    executions = admin.get(f"{base}/flows/strict browser/executions").json()
    conditional = next(e for e in executions if e["displayName"].endswith("Conditional OTP"))
    conditional["requirement"] = "REQUIRED"
    assert admin.put(f"{base}/flows/strict browser/executions", json=conditional).status_code == 202
    login_realm.add_user("hal", "hal-password")

    # Bound to the realm: a user without OTP is made to configure it.
    login_realm.update(browserFlow="strict browser")
    b = browser(login_realm)
    page, _, _ = start(b, login_realm)
    setup = password_login(b, page, "hal", "hal-password")
    assert isinstance(setup, Page) and setup.form.id == "kc-totp-settings-form"
    assert isinstance(b.submit(setup, totp=otp_now(setup.texts["kc-totp-secret-key"])), Arrival)

    # Bound back to the built-in flow, with the cookie removed from the copy and the copy bound to one
    # client only: that client's login asks for the password again although the browser has a session.
    login_realm.update(browserFlow="browser")
    cookie = next(e for e in executions if e.get("providerId") == "auth-cookie")
    cookie["requirement"] = "DISABLED"
    assert admin.put(f"{base}/flows/strict browser/executions", json=cookie).status_code == 202
    flow_id = next(f["id"] for f in admin.get(f"{base}/flows").json() if f["alias"] == "strict browser")
    shop = next(
        c for c in admin.get(f"/admin/realms/{login_realm.name}/clients", params={"clientId": "shop"}).json()
    )
    shop["authenticationFlowBindingOverrides"] = {"browser": flow_id}
    updated = admin.put(f"/admin/realms/{login_realm.name}/clients/{shop['id']}", json=shop)
    assert updated.status_code == 204, updated.text
    assert isinstance(start(b, login_realm, "web")[0], Arrival)
    page, _, _ = start(b, login_realm, "shop")
    assert isinstance(page, Page) and page.form.id == "kc-form-login"


def test_direct_grant_asks_for_totp_once_the_user_has_otp(login_realm: LoginRealm) -> None:
    login_realm.add_user("ivo", "ivo-password", requiredActions=["CONFIGURE_TOTP"])
    url = f"{login_realm.admin.base_url}/realms/{login_realm.name}/protocol/openid-connect/token"
    form = {
        "grant_type": "password",
        "client_id": "web",
        "client_secret": "web-secret",
        "username": "ivo",
        "password": "ivo-password",
        "scope": "openid",
    }
    pending = httpx.post(url, data=form)
    assert pending.status_code == 400 and pending.json()["error_description"] == "Account is not fully set up"
    b = browser(login_realm)
    page, _, _ = start(b, login_realm)
    setup = password_login(b, page, "ivo", "ivo-password")
    assert isinstance(setup, Page)
    secret = setup.texts["kc-totp-secret-key"]
    assert isinstance(b.submit(setup, totp=otp_now(secret)), Arrival)

    missing = httpx.post(url, data=form)
    assert missing.status_code == 401
    assert missing.json() == {"error": "invalid_grant", "error_description": "Invalid user credentials"}
    wrong = "000000" if otp_now(secret) != "000000" else "111111"
    assert httpx.post(url, data=form | {"totp": wrong}).status_code == 401
    granted = httpx.post(url, data=form | {"totp": otp_now(secret)})
    assert granted.status_code == 200, granted.text
