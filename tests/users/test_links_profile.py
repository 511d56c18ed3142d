"""Consents, federated identities, the user profile and unmanaged attributes."""

from __future__ import annotations

import httpx
from keycloak import KeycloakAdmin

from models import Client
from resolvers.users.links import grant_consent
from tests.users.helpers import add_identity_providers, limited_admin, make_user


def test_consents_list_and_revoke(server, kc_admin: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:  # type: ignore[no-untyped-def]
    user_id = make_user(admin, realm)

    async def consent() -> None:
        client = await Client.get(realm__name=realm, client_id="account-console")
        await grant_consent(user_id, client.id, ["profile", "email"])

    server.run(consent())
    kc_admin.change_current_realm(realm)
    consents = kc_admin.user_consents(user_id)
    assert len(consents) == 1
    assert consents[0]["clientId"] == "account-console"
    assert consents[0]["grantedClientScopes"] == ["profile", "email"]
    assert consents[0]["createdDate"] > 0 and consents[0]["lastUpdatedDate"] >= consents[0]["createdDate"]

    kc_admin.revoke_consent(user_id, "account-console")
    assert kc_admin.user_consents(user_id) == []
    again = admin.delete(f"/admin/realms/{realm}/users/{user_id}/consents/account-console")
    assert again.status_code == 404
    assert admin.delete(f"/admin/realms/{realm}/users/{user_id}/consents/no-client").status_code == 404


def test_federated_identity(server, kc_admin: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:  # type: ignore[no-untyped-def]
    user_id = make_user(admin, realm)
    base = f"/admin/realms/{realm}/users/{user_id}/federated-identity"
    rep = {"identityProvider": "github", "userId": "gh-1", "userName": "octo"}
    missing = admin.post(f"{base}/github", json=rep)
    assert missing.status_code == 404
    add_identity_providers(server, realm, "github")
    kc_admin.change_current_realm(realm)
    kc_admin.add_user_social_login(user_id, "github", "gh-1", "octo")
    assert kc_admin.get_user_social_logins(user_id) == [rep]
    duplicate = admin.post(f"{base}/github", json=rep)
    assert duplicate.status_code == 409
    assert duplicate.json() == {"errorMessage": "User is already linked with provider"}
    other = make_user(admin, realm)
    taken = admin.post(f"/admin/realms/{realm}/users/{other}/federated-identity/github", json=rep)
    assert taken.status_code == 409
    assert (
        admin.post(
            f"/admin/realms/{realm}/users/{other}/federated-identity/github", json={"userName": "x"}
        ).status_code
        == 400
    )
    kc_admin.delete_user_social_login(user_id, "github")
    assert admin.get(base).json() == []
    assert admin.delete(f"{base}/github").status_code == 404


def test_user_profile_roundtrip_and_metadata(
    kc_admin: KeycloakAdmin, admin: httpx.Client, realm: str
) -> None:
    kc_admin.change_current_realm(realm)
    profile = kc_admin.get_realm_users_profile()
    assert [a["name"] for a in profile["attributes"]] == ["username", "email", "firstName", "lastName"]
    assert profile["groups"][0]["name"] == "user-metadata"

    profile["attributes"].append(
        {
            "name": "department",
            "displayName": "Department",
            "permissions": {"view": ["admin"], "edit": ["admin"]},
            "required": {"roles": ["admin"]},
            "group": "user-metadata",
            "validations": {"length": {"max": 64}},
        }
    )
    updated = admin.put(f"/admin/realms/{realm}/users/profile", json=profile)
    assert updated.status_code == 200 and updated.json()["attributes"][-1]["name"] == "department"
    metadata = admin.get(f"/admin/realms/{realm}/users/profile/metadata").json()
    department = next(a for a in metadata["attributes"] if a["name"] == "department")
    assert department == {
        "name": "department",
        "displayName": "Department",
        "required": True,
        "readOnly": False,
        "validators": {"length": {"max": 64}},
        "multivalued": False,
        "group": "user-metadata",
    }
    assert metadata["groups"][0]["name"] == "user-metadata"

    no_username = {"attributes": [a for a in profile["attributes"] if a["name"] != "username"]}
    assert admin.put(f"/admin/realms/{realm}/users/profile", json=no_username).status_code == 400
    twice = {"attributes": [*profile["attributes"], profile["attributes"][0]]}
    assert admin.put(f"/admin/realms/{realm}/users/profile", json=twice).status_code == 400
    assert admin.put(f"/admin/realms/{realm}/users/profile", json=[1]).status_code == 400

    user_id = make_user(admin, realm, attributes={"department": ["sales"], "shoe": ["42"]})
    unmanaged = admin.get(f"/admin/realms/{realm}/users/{user_id}/unmanagedAttributes")
    assert unmanaged.status_code == 200 and unmanaged.json() == {"shoe": ["42"]}
    assert admin.get(f"/admin/realms/{realm}/users/nope/unmanagedAttributes").status_code == 404


def test_link_and_profile_rights(server, admin: httpx.Client, realm: str) -> None:  # type: ignore[no-untyped-def]
    user_id = make_user(admin, realm)
    add_identity_providers(server, realm, "github")
    with limited_admin(server, admin, realm, "view-users") as viewer:
        assert viewer.get(f"/admin/realms/{realm}/users/{user_id}/consents").status_code == 200
        assert viewer.get(f"/admin/realms/{realm}/users/{user_id}/federated-identity").status_code == 200
        assert (
            viewer.post(
                f"/admin/realms/{realm}/users/{user_id}/federated-identity/github", json={"userId": "1"}
            ).status_code
            == 403
        )
        assert viewer.get(f"/admin/realms/{realm}/users/profile/metadata").status_code == 200
        assert (
            viewer.put(
                f"/admin/realms/{realm}/users/profile",
                json=viewer.get(f"/admin/realms/{realm}/users/profile").json(),
            ).status_code
            == 403
        )
