"""Credentials, password reset under the realm's policy, credential types."""

from __future__ import annotations

import httpx
import pytest
from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakError

from models import Credential
from tests.users.helpers import PASSWORD, limited_admin, login, make_user, set_realm, username_of


def _add_otp(server, user_id: str, label: str) -> str:  # type: ignore[no-untyped-def]
    async def add() -> str:
        row = await Credential.create(
            user_id=user_id,
            type="otp",
            secret_data="sealed",
            user_label=label,
            credential_data={"digits": 6},
            priority=20,
        )
        return str(row.id)

    return str(server.run(add()))


def test_list_credentials_shows_metadata_never_secrets(
    kc_admin: KeycloakAdmin, admin: httpx.Client, realm: str
) -> None:
    user_id = make_user(admin, realm)
    kc_admin.change_current_realm(realm)
    credentials = kc_admin.get_credentials(user_id)
    assert len(credentials) == 1
    cred = credentials[0]
    assert cred["type"] == "password"
    assert set(cred) <= {"id", "type", "userLabel", "createdDate", "credentialData", "priority"}
    assert "secretData" not in cred and "value" not in cred
    assert isinstance(cred["credentialData"], str) and isinstance(cred["createdDate"], int)


def test_label_order_and_delete(server, kc_admin: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:  # type: ignore[no-untyped-def]
    user_id = make_user(admin, realm)
    otp_id = _add_otp(server, user_id, "phone")
    base = f"/admin/realms/{realm}/users/{user_id}/credentials"
    password_id = next(c["id"] for c in admin.get(base).json() if c["type"] == "password")

    response = admin.put(
        f"{base}/{password_id}/userLabel", content="my password", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 204
    assert next(c for c in admin.get(base).json() if c["id"] == password_id)["userLabel"] == "my password"

    assert admin.post(f"{base}/{otp_id}/moveToFirst").status_code == 204
    assert [c["id"] for c in admin.get(base).json()] == [otp_id, password_id]
    assert admin.post(f"{base}/{otp_id}/moveAfter/{password_id}").status_code == 204
    assert [c["id"] for c in admin.get(base).json()] == [password_id, otp_id]

    assert admin.post(f"{base}/nope/moveToFirst").status_code == 404
    assert admin.post(f"{base}/{otp_id}/moveAfter/nope").status_code == 404
    assert admin.put(f"{base}/nope/userLabel", content="x").status_code == 404

    kc_admin.change_current_realm(realm)
    kc_admin.delete_credential(user_id, otp_id)
    assert [c["id"] for c in kc_admin.get_credentials(user_id)] == [password_id]
    missing = admin.delete(f"{base}/{otp_id}")
    assert missing.status_code == 404 and missing.json()["error"] == "Credential not found"
    events = admin.get(
        f"/admin/realms/{realm}/admin-events", params={"resourcePath": f"users/{user_id}/*"}
    ).json()
    assert any(e["resourcePath"] == f"users/{user_id}/credentials/{otp_id}" for e in events)


def test_reset_password_and_temporary(
    kc_admin: KeycloakAdmin, admin: httpx.Client, realm: str, base_url: str
) -> None:
    user_id = make_user(admin, realm)
    name = username_of(admin, realm, user_id)
    kc_admin.change_current_realm(realm)
    kc_admin.set_user_password(user_id, "Another-pass-2", temporary=False)
    assert login(base_url, realm, name, PASSWORD).status_code == 401
    assert login(base_url, realm, name, "Another-pass-2").status_code == 200

    kc_admin.set_user_password(user_id, "Third-pass-3", temporary=True)
    assert kc_admin.get_user(user_id)["requiredActions"] == ["UPDATE_PASSWORD"]
    kc_admin.set_user_password(user_id, "Fourth-pass-4", temporary=False)
    assert kc_admin.get_user(user_id)["requiredActions"] == []

    url = f"/admin/realms/{realm}/users/{user_id}/reset-password"
    assert admin.put(url, json={"type": "password"}).status_code == 400
    assert admin.put(url, json={"type": "password", "value": "  "}).status_code == 400
    assert admin.put(url, json=["x"]).status_code == 400
    assert (
        admin.put(
            f"/admin/realms/{realm}/users/nope/reset-password", json={"type": "password", "value": "x"}
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("password", "error", "description"),
    [
        ("Ab1!", "invalidPasswordMinLengthMessage", "Invalid password: minimum length 8."),
        (
            "Abcdefg!h",
            "invalidPasswordMinDigitsMessage",
            "Invalid password: must contain at least 1 numerical digits.",
        ),
        (
            "abcdefg1!",
            "invalidPasswordMinUpperCaseCharsMessage",
            "Invalid password: must contain at least 1 upper case characters.",
        ),
        (
            "Abcdefg12",
            "invalidPasswordMinSpecialCharsMessage",
            "Invalid password: must contain at least 1 special characters.",
        ),
    ],
)
def test_password_policy_rejects(
    admin: httpx.Client, realm: str, password: str, error: str, description: str
) -> None:
    set_realm(
        admin,
        realm,
        passwordPolicy="length(8) and digits(1) and upperCase(1) and specialChars(1) and notUsername",
    )
    user_id = make_user(admin, realm, password=None)
    response = admin.put(
        f"/admin/realms/{realm}/users/{user_id}/reset-password",
        json={"type": "password", "value": password, "temporary": False},
    )
    assert response.status_code == 400
    assert response.json() == {"error": error, "error_description": description}


def test_password_policy_not_username_and_history(admin: httpx.Client, realm: str) -> None:
    set_realm(admin, realm, passwordPolicy="notUsername and passwordHistory(3)")
    user_id = make_user(admin, realm, password=None, username="Pol-User")
    url = f"/admin/realms/{realm}/users/{user_id}/reset-password"
    same = admin.put(url, json={"type": "password", "value": "pol-user"})
    assert same.status_code == 400 and same.json()["error"] == "invalidPasswordNotUsernameMessage"
    for value in ("first-1", "second-2", "third-3"):
        assert admin.put(url, json={"type": "password", "value": value}).status_code == 204
    again = admin.put(url, json={"type": "password", "value": "second-2"})
    assert again.status_code == 400
    assert again.json() == {
        "error": "invalidPasswordHistoryMessage",
        "error_description": "Invalid password: must not be equal to any of last 3 passwords.",
    }
    assert admin.put(url, json={"type": "password", "value": "first-1"}).status_code == 400
    assert admin.put(url, json={"type": "password", "value": "fourth-4"}).status_code == 204
    # first-1 is now older than the last three passwords.
    assert admin.put(url, json={"type": "password", "value": "first-1"}).status_code == 204
    # The history never shows as a credential.
    assert [c["type"] for c in admin.get(f"/admin/realms/{realm}/users/{user_id}/credentials").json()] == [
        "password"
    ]


def test_disable_credential_types_and_storage_types(server, admin: httpx.Client, realm: str) -> None:  # type: ignore[no-untyped-def]
    user_id = make_user(admin, realm)
    _add_otp(server, user_id, "otp")
    base = f"/admin/realms/{realm}/users/{user_id}"
    assert admin.get(base).json()["disableableCredentialTypes"] == ["otp"]
    assert admin.put(f"{base}/disable-credential-types", json=["otp"]).status_code == 204
    assert [c["type"] for c in admin.get(f"{base}/credentials").json()] == ["password"]
    assert admin.put(f"{base}/disable-credential-types", json={"a": 1}).status_code == 400
    storage = admin.get(f"{base}/configured-user-storage-credential-types")
    assert storage.status_code == 200 and storage.json() == []


def test_rights(server, admin: httpx.Client, realm: str) -> None:  # type: ignore[no-untyped-def]
    user_id = make_user(admin, realm)
    base = f"/admin/realms/{realm}/users/{user_id}"
    with limited_admin(server, admin, realm, "view-users") as viewer:
        assert viewer.get(f"{base}/credentials").status_code == 200
        password_id = viewer.get(f"{base}/credentials").json()[0]["id"]
        assert (
            viewer.put(f"{base}/reset-password", json={"type": "password", "value": "x"}).status_code == 403
        )
        assert viewer.delete(f"{base}/credentials/{password_id}").status_code == 403
        assert viewer.post(f"{base}/credentials/{password_id}/moveToFirst").status_code == 403
    with limited_admin(server, admin, realm, "query-clients") as nobody:
        assert nobody.get(f"{base}/credentials").status_code == 403


def test_kc_errors_surface(kc_admin: KeycloakAdmin, realm: str) -> None:
    kc_admin.change_current_realm(realm)
    with pytest.raises(KeycloakError) as info:
        kc_admin.get_credentials("no-such-user")
    assert info.value.response_code == 404
