"""Realms through the Keycloak door, with python-keycloak where it offers the call."""

from __future__ import annotations

import httpx
import pytest
from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakGetError, KeycloakPostError

from tests.support import unique


def test_python_keycloak_creates_reads_updates_and_deletes_a_realm(kc_admin: KeycloakAdmin) -> None:
    name = unique("kc")
    kc_admin.create_realm(
        {"realm": name, "enabled": True, "displayName": "Demo", "someFutureSetting": {"a": 1}}
    )
    realm = kc_admin.get_realm(name)
    assert realm["realm"] == name and realm["enabled"] is True and realm["displayName"] == "Demo"
    assert realm["accessTokenLifespan"] == 300 and realm["sslRequired"] == "external"
    assert realm["someFutureSetting"] == {"a": 1}, "unknown settings are kept and returned"

    kc_admin.update_realm(name, {"accessTokenLifespan": 120, "bruteForceProtected": True})
    realm = kc_admin.get_realm(name)
    assert realm["accessTokenLifespan"] == 120 and realm["bruteForceProtected"] is True
    assert realm["displayName"] == "Demo", "a PUT changes only the fields it names"

    assert name in [r["realm"] for r in kc_admin.get_realms()]
    kc_admin.delete_realm(name)
    with pytest.raises(KeycloakGetError) as err:
        kc_admin.get_realm(name)
    assert err.value.response_code == 404


def test_new_realm_is_seeded_as_keycloak_seeds_one(admin: httpx.Client, realm: str) -> None:
    clients = {c["clientId"]: c for c in admin.get(f"/admin/realms/{realm}/clients").json()}
    assert set(clients) >= {
        "account",
        "account-console",
        "admin-cli",
        "broker",
        "realm-management",
        "security-admin-console",
    }
    assert clients["admin-cli"]["publicClient"] is True
    assert clients["admin-cli"]["directAccessGrantsEnabled"] is True
    assert clients["realm-management"]["bearerOnly"] is True
    certs = admin.get(f"/realms/{realm}/protocol/openid-connect/certs").json()
    assert len(certs["keys"]) == 1 and certs["keys"][0]["alg"] == "RS256" and "d" not in certs["keys"][0]
    assert admin.get(f"/admin/realms/{realm}").json()["defaultRole"]["name"] == f"default-roles-{realm}"


def test_duplicate_realm_is_a_409(kc_admin: KeycloakAdmin, realm: str) -> None:
    with pytest.raises(KeycloakPostError) as err:
        kc_admin.create_realm({"realm": realm, "enabled": True})
    assert err.value.response_code == 409
    assert b"errorMessage" in (err.value.response_body or b"")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "Malformed JSON"),
        (b"[]", "JSON object"),
        (b'{"enabled": true}', "Realm name"),
        (b'{"realm": "x y"}', "Realm name"),
        (b'{"realm": "typed", "accessTokenLifespan": "long"}', "accessTokenLifespan must be an integer"),
        (b'{"realm": "typed", "enabled": "yes"}', "enabled must be a boolean"),
    ],
)
def test_bad_realm_bodies_are_400_with_a_message(admin: httpx.Client, body: bytes, message: str) -> None:
    response = admin.post("/admin/realms", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert message in response.json()["errorMessage"]
    assert admin.get("/admin/realms/typed").status_code == 404, "nothing half-written"


def test_oversized_body_is_413(admin: httpx.Client) -> None:
    response = admin.post("/admin/realms", json={"realm": "big", "displayName": "x" * 70_000})
    assert response.status_code == 413


def test_unknown_realm_is_404(admin: httpx.Client) -> None:
    for path in (
        "/admin/realms/nope",
        "/admin/realms/nope/users",
        "/realms/nope/protocol/openid-connect/certs",
    ):
        assert admin.get(path).status_code == 404, path


def test_master_cannot_be_deleted(admin: httpx.Client) -> None:
    response = admin.delete("/admin/realms/master")
    assert response.status_code == 400
    assert admin.get("/admin/realms/master").status_code == 200


def test_brief_representation(admin: httpx.Client, realm: str) -> None:
    brief = {r["realm"]: r for r in admin.get("/admin/realms", params={"briefRepresentation": "true"}).json()}
    assert set(brief[realm]) <= {"id", "realm", "displayName", "enabled"}
