"""Action e-mails through a real SMTP exchange, and impersonation."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx
from jwcrypto import jwk, jws
from keycloak import KeycloakAdmin

from tests.users.helpers import limited_admin, make_user, set_realm, smtp_sink, username_of


def _smtp(port: int) -> dict[str, str]:
    return {"host": "127.0.0.1", "port": str(port), "from": "noreply@example.org", "fromDisplayName": "IAM"}


def _link(message) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r"(http\S+/login-actions/action-token\?\S+)", message.get_content())
    assert match, message.get_content()
    return match.group(1)


def _verified_claims(base_url: str, realm: str, token: str) -> dict:  # type: ignore[type-arg]
    keys = httpx.get(f"{base_url}/realms/{realm}/protocol/openid-connect/certs").json()["keys"]
    signed = jws.JWS()
    signed.deserialize(token)
    header = signed.jose_header
    key = jwk.JWK(**next(k for k in keys if k["kid"] == header["kid"]))
    signed.verify(key, alg=header["alg"])
    import json

    return dict(json.loads(signed.payload))


def test_execute_actions_email(
    kc_admin: KeycloakAdmin, admin: httpx.Client, realm: str, base_url: str
) -> None:
    user_id = make_user(admin, realm, email="mail-user@example.org")
    with smtp_sink() as sink:
        set_realm(admin, realm, smtpServer=_smtp(sink.port))
        kc_admin.change_current_realm(realm)
        kc_admin.send_update_account(user_id, ["UPDATE_PASSWORD", "VERIFY_EMAIL"], lifespan=3600)
        [message] = sink.wait_for(1)
    assert message["To"] == "mail-user@example.org"
    assert message["Subject"] == "Update Your Account"
    assert "IAM" in message["From"] and "noreply@example.org" in message["From"]
    assert "Update Password, Verify Email" in message.get_content()
    assert "1 hour" in message.get_content()
    link = _link(message)
    assert link.startswith(f"{base_url}/realms/{realm}/login-actions/action-token?")
    query = parse_qs(urlsplit(link).query)
    assert query["client_id"] == ["account"]
    claims = _verified_claims(base_url, realm, query["key"][0])
    assert claims["typ"] == "execute-actions" and claims["sub"] == user_id
    assert claims["rqac"] == ["UPDATE_PASSWORD", "VERIFY_EMAIL"]
    assert claims["exp"] - claims["iat"] == 3600
    events = admin.get(f"/admin/realms/{realm}/admin-events", params={"operationTypes": "ACTION"}).json()
    assert events[0]["resourcePath"] == f"users/{user_id}/execute-actions-email"


def test_verify_and_reset_password_emails(
    kc_admin: KeycloakAdmin, admin: httpx.Client, realm: str, base_url: str
) -> None:
    user_id = make_user(admin, realm, email="verify-me@example.org")
    with smtp_sink() as sink:
        set_realm(admin, realm, smtpServer=_smtp(sink.port))
        kc_admin.change_current_realm(realm)
        kc_admin.send_verify_email(user_id)
        response = admin.put(f"/admin/realms/{realm}/users/{user_id}/reset-password-email")
        assert response.status_code == 204
        verify, reset = sink.wait_for(2)
    assert verify["Subject"] == "Verify email"
    claims = _verified_claims(base_url, realm, parse_qs(urlsplit(_link(verify)).query)["key"][0])
    assert claims["typ"] == "verify-email" and claims["eml"] == "verify-me@example.org"
    assert reset["Subject"] == "Update Your Account"
    reset_claims = _verified_claims(base_url, realm, parse_qs(urlsplit(_link(reset)).query)["key"][0])
    assert reset_claims["rqac"] == ["UPDATE_PASSWORD"]


def test_email_failures(admin: httpx.Client, realm: str) -> None:
    no_mail = make_user(admin, realm)
    url = f"/admin/realms/{realm}/users/{no_mail}/execute-actions-email"
    missing = admin.put(url, json=["UPDATE_PASSWORD"])
    assert missing.status_code == 400 and missing.json() == {"errorMessage": "User email missing"}
    disabled = make_user(admin, realm, email="off@example.org", enabled=False)
    off = admin.put(f"/admin/realms/{realm}/users/{disabled}/send-verify-email")
    assert off.status_code == 400 and off.json() == {"errorMessage": "User is disabled"}
    user_id = make_user(admin, realm, email="someone@example.org")
    url = f"/admin/realms/{realm}/users/{user_id}/execute-actions-email"
    bad = admin.put(url, json=["FLY"])
    assert bad.status_code == 400 and bad.json() == {"errorMessage": "Provided invalid required actions"}
    no_client = admin.put(url, params={"redirect_uri": "http://x"}, json=["UPDATE_PASSWORD"])
    assert no_client.json() == {"errorMessage": "Client id missing"}
    unknown = admin.put(url, params={"client_id": "nope"}, json=["UPDATE_PASSWORD"])
    assert unknown.json() == {"errorMessage": "Client doesn't exist"}
    assert admin.put(f"/admin/realms/{realm}/users/nope/execute-actions-email", json=[]).status_code == 404
    # Nothing listens on this port: a real SMTP failure is a 500.
    from tests.support import free_port

    set_realm(
        admin, realm, smtpServer={"host": "127.0.0.1", "port": str(free_port()), "from": "a@example.org"}
    )
    failed = admin.put(url, json=["UPDATE_PASSWORD"])
    assert failed.status_code == 500
    assert failed.json() == {"errorMessage": "Failed to send execute actions email"}


def test_impersonation(server, admin: httpx.Client, realm: str, base_url: str) -> None:  # type: ignore[no-untyped-def]
    user_id = make_user(admin, realm)
    response = admin.post(f"/admin/realms/{realm}/users/{user_id}/impersonation")
    assert response.status_code == 200
    assert response.json() == {"sameRealm": False, "redirect": f"{base_url}/realms/{realm}/account"}
    sessions = admin.get(f"/admin/realms/{realm}/users/{user_id}/sessions").json()
    assert len(sessions) == 1 and sessions[0]["username"] == username_of(admin, realm, user_id)
    assert admin.post(f"/admin/realms/{realm}/users/nope/impersonation").status_code == 404
    with limited_admin(server, admin, realm, "manage-users") as manager:
        assert manager.post(f"/admin/realms/{realm}/users/{user_id}/impersonation").status_code == 403
    with limited_admin(server, admin, realm, "impersonation", "view-users") as impersonator:
        same = impersonator.post(f"/admin/realms/{realm}/users/{user_id}/impersonation")
        assert same.status_code == 200 and same.json()["sameRealm"] is True
        # The impersonator's own session ended.
        assert impersonator.get(f"/admin/realms/{realm}/users/{user_id}").status_code == 401
