"""The same login in headless Chromium (Debian's ``chromium`` driven by Playwright): login form, wrong
password, OTP setup, the code at the relying party, the next login's OTP form, and logout, with a
screenshot of each page under ``$IAMGRAPH_ARTIFACTS`` (``.ci/artifacts/login`` by default). Runs with
``IAMGRAPH_BROWSER=1`` (the "browser tests" step of ``.ci/run``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.login.conftest import APP, LoginRealm
from tests.login.flows import exchange, otp_now, verified_claims
from tests.login.html_client import Arrival

CHROMIUM = os.environ.get("IAMGRAPH_CHROMIUM", "/usr/bin/chromium")

pytestmark = pytest.mark.skipif(
    not os.environ.get("IAMGRAPH_BROWSER"), reason="headless Chromium runs with IAMGRAPH_BROWSER=1"
)


def _artifacts() -> Path:
    root = Path(os.environ.get("IAMGRAPH_ARTIFACTS") or Path(__file__).parents[2] / ".ci" / "artifacts")
    folder = root / "login"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def test_login_in_headless_chromium(login_realm: LoginRealm) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    login_realm.add_user("kim", "kim-password", requiredActions=["CONFIGURE_TOTP"])
    base = str(login_realm.admin.base_url).rstrip("/")
    folder = _artifacts()
    arrived: list[str] = []
    auth = (
        f"{base}/realms/{login_realm.name}/protocol/openid-connect/auth?client_id=web&response_type=code"
        f"&scope=openid&state=st&redirect_uri={APP}/web/callback"
    )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = chromium.new_page()

        def relying_party(route: object) -> None:
            arrived.append(route.request.url)  # type: ignore[attr-defined]
            route.fulfill(status=200, content_type="text/html", body="<h1>relying party</h1>")  # type: ignore[attr-defined]

        page.route(f"{APP}/**", relying_party)
        shots = iter(range(1, 100))

        def shot(name: str) -> None:
            page.screenshot(path=str(folder / f"{next(shots):02d}-{name}.png"), full_page=True)

        page.goto(auth)
        assert page.title() and page.locator("#kc-form-login").is_visible()
        shot("login")
        page.fill("#username", "kim")
        page.fill("#password", "wrong")
        page.click("#kc-login")
        assert page.locator("#input-error").inner_text() == "Invalid username or password."
        shot("wrong-password")
        page.fill("#password", "kim-password")
        page.click("#kc-login")
        secret = page.locator("#kc-totp-secret-key").inner_text()
        shot("configure-totp")
        page.fill("#totp", otp_now(secret))
        page.click("button[type=submit]")
        page.wait_for_url(f"{APP}/**")
        shot("relying-party")
        code = parse_qs(urlsplit(arrived[-1]).query)["code"][0]
        tokens = exchange(login_realm, "web", Arrival(f"{APP}/web/callback?code={code}"))
        assert tokens.status_code == 200, tokens.text
        assert verified_claims(login_realm, tokens.json()["id_token"])["preferred_username"] == "kim"

        page.goto(f"{base}/realms/{login_realm.name}/protocol/openid-connect/logout")
        shot("logout-confirm")
        page.click("#kc-logout-form button")
        shot("logged-out")

        page.goto(auth)
        page.fill("#username", "kim")
        page.fill("#password", "kim-password")
        page.click("#kc-login")
        assert page.locator("#kc-otp-login-form").is_visible()
        shot("otp")
        page.fill("#otp", otp_now(secret))
        page.click("#kc-login")
        page.wait_for_url(f"{APP}/**")
        chromium.close()
    assert len(arrived) == 2 and all(u.startswith(f"{APP}/web/callback?state=st&code=") for u in arrived)
    assert len(list(folder.glob("*.png"))) == 7
