"""Required actions and the provider catalog: list, update, priorities, register, unregistered, rights."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from keycloak import KeycloakAdmin


def test_a_new_realm_has_keycloak_24_required_actions(kc: KeycloakAdmin) -> None:
    actions = kc.get_required_actions()
    assert [(a["alias"], a["priority"], a["enabled"]) for a in actions][:5] == [
        ("CONFIGURE_TOTP", 10, True),
        ("TERMS_AND_CONDITIONS", 20, False),
        ("UPDATE_PASSWORD", 30, True),
        ("UPDATE_PROFILE", 40, True),
        ("VERIFY_EMAIL", 50, True),
    ]
    assert len(actions) == 11 and actions[-1]["alias"] == "update_user_locale"
    assert actions[0] == {
        "alias": "CONFIGURE_TOTP",
        "name": "Configure OTP",
        "providerId": "CONFIGURE_TOTP",
        "enabled": True,
        "defaultAction": False,
        "priority": 10,
        "config": {},
    }


def test_update_move_delete_and_register(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    terms = kc.get_required_action_by_alias("TERMS_AND_CONDITIONS")
    assert terms is not None
    kc.update_required_action("TERMS_AND_CONDITIONS", {**terms, "enabled": True, "defaultAction": True})
    changed = kc.get_required_action_by_alias("TERMS_AND_CONDITIONS")
    assert changed is not None and changed["enabled"] is True and changed["defaultAction"] is True
    base = f"/admin/realms/{realm}/authentication"
    assert admin.post(f"{base}/required-actions/TERMS_AND_CONDITIONS/raise-priority").status_code == 204
    order = [a["alias"] for a in kc.get_required_actions()]
    assert order[:2] == ["TERMS_AND_CONDITIONS", "CONFIGURE_TOTP"]
    assert admin.post(f"{base}/required-actions/TERMS_AND_CONDITIONS/lower-priority").status_code == 204
    assert [a["alias"] for a in kc.get_required_actions()][:2] == ["CONFIGURE_TOTP", "TERMS_AND_CONDITIONS"]
    assert admin.get(f"{base}/unregistered-required-actions").json() == []
    assert admin.delete(f"{base}/required-actions/delete_account").status_code == 204
    assert admin.get(f"{base}/unregistered-required-actions").json() == [
        {"name": "Delete Account", "providerId": "delete_account"}
    ]
    registered = admin.post(
        f"{base}/register-required-action", json={"providerId": "delete_account", "name": "Delete Account"}
    )
    assert registered.status_code == 204
    again = kc.get_required_action_by_alias("delete_account")
    assert again is not None and again["priority"] == 1001 and again["enabled"] is True
    unknown = admin.post(f"{base}/register-required-action", json={"providerId": "nope"})
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "Required Action Provider with given providerId not found"
    missing = admin.get(f"{base}/required-actions/nope")
    assert missing.status_code == 404 and missing.json()["error"] == "Failed to find required action"


def test_the_provider_catalog(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/authentication"
    authenticators = {p["id"]: p for p in kc.get_authenticator_providers()}
    assert authenticators["auth-cookie"] == {
        "id": "auth-cookie",
        "displayName": "Cookie",
        "description": "Validates the SSO cookie set by the auth server.",
    }
    assert "client-secret" not in authenticators
    clients = {p["id"]: p for p in admin.get(f"{base}/client-authenticator-providers").json()}
    assert set(clients) == {"client-secret", "client-jwt", "client-secret-jwt", "client-x509"}
    assert clients["client-secret"]["supportsSecret"] is True
    assert clients["client-jwt"]["supportsSecret"] is False
    actions = {p["id"] for p in admin.get(f"{base}/form-action-providers").json()}
    assert "registration-recaptcha-action" in actions
    assert [p["id"] for p in admin.get(f"{base}/form-providers").json()] == ["registration-page-form"]
    description = kc.get_authenticator_provider_config_description("idp-review-profile")
    assert description["name"] == "Review Profile"
    prop = description["properties"][0]
    assert prop["name"] == "update.profile.on.first.login"
    assert prop["options"] == ["on", "missing", "off"] and prop["defaultValue"] == "missing"
    assert admin.get(f"{base}/config-description/auth-cookie").json()["properties"] == []
    assert admin.get(f"{base}/config-description/nope").status_code == 404
    per_client = admin.get(f"{base}/per-client-config-description").json()
    assert per_client == {"client-secret": [], "client-jwt": [], "client-secret-jwt": [], "client-x509": []}


def test_rights(caller_with: Callable[..., httpx.Client], realm: str) -> None:
    base = f"/admin/realms/{realm}/authentication"
    viewer = caller_with("view-realm")
    assert viewer.get(f"{base}/flows").status_code == 200
    assert viewer.get(f"{base}/flows/browser/executions").status_code == 200
    assert viewer.post(f"{base}/flows/browser/copy", json={"newName": "x"}).status_code == 403
    assert viewer.put(f"{base}/required-actions/VERIFY_EMAIL", json={}).status_code == 403
    users_manager = caller_with("manage-users")
    assert users_manager.get(f"{base}/required-actions").status_code == 200
    assert users_manager.get(f"{base}/flows").status_code == 403
    clients_viewer = caller_with("view-clients")
    assert clients_viewer.get(f"{base}/client-authenticator-providers").status_code == 200
    assert clients_viewer.get(f"{base}/authenticator-providers").status_code == 403
    nobody = caller_with()
    assert nobody.get(f"{base}/required-actions").status_code == 403


def test_writes_are_admin_events(admin: httpx.Client, realm: str) -> None:
    assert admin.put(f"/admin/realms/{realm}", json={"adminEventsEnabled": True}).status_code == 204
    base = f"/admin/realms/{realm}/authentication"
    assert admin.post(f"{base}/flows/browser/copy", json={"newName": "evented"}).status_code == 201
    assert admin.post(f"{base}/required-actions/VERIFY_EMAIL/lower-priority").status_code == 204
    events = admin.get(f"/admin/realms/{realm}/admin-events").json()
    kinds = {(e["operationType"], e["resourceType"], e["resourcePath"]) for e in events}
    assert ("CREATE", "AUTH_FLOW", "authentication/flows/browser/copy") in kinds
    assert (
        "UPDATE",
        "REQUIRED_ACTION",
        "authentication/required-actions/VERIFY_EMAIL/lower-priority",
    ) in kinds
