"""Users through the Keycloak door: CRUD, search parameters, counts and errors."""

from __future__ import annotations

import httpx
import pytest
from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakGetError, KeycloakPostError


@pytest.fixture
def kc(kc_admin: KeycloakAdmin, realm: str) -> KeycloakAdmin:
    kc_admin.change_current_realm(realm)
    return kc_admin


def test_create_answers_201_with_location(admin: httpx.Client, realm: str) -> None:
    response = admin.post(f"/admin/realms/{realm}/users", json={"username": "Carol", "enabled": True})
    assert response.status_code == 201
    location = response.headers["Location"]
    assert location.startswith(f"{admin.base_url}/admin/realms/{realm}/users/")
    user = admin.get(location).json()
    assert user["username"] == "carol", "usernames are lower-cased as Keycloak does"
    assert user["enabled"] is True and user["emailVerified"] is False
    assert isinstance(user["createdTimestamp"], int) and user["access"]["manage"] is True


def test_python_keycloak_user_lifecycle(kc: KeycloakAdmin) -> None:
    uid = kc.create_user(
        {
            "username": "dave",
            "email": "Dave@Example.com",
            "firstName": "Dave",
            "lastName": "Jones",
            "enabled": True,
            "attributes": {"team": ["blue", "red"]},
        }
    )
    user = kc.get_user(uid)
    assert user["email"] == "dave@example.com" and user["attributes"] == {"team": ["blue", "red"]}
    kc.update_user(uid, {"firstName": "David", "attributes": {"team": ["green"]}})
    user = kc.get_user(uid)
    assert (
        user["firstName"] == "David"
        and user["lastName"] == "Jones"
        and user["attributes"] == {"team": ["green"]}
    )
    kc.delete_user(uid)
    with pytest.raises(KeycloakGetError) as err:
        kc.get_user(uid)
    assert err.value.response_code == 404


def test_duplicates_are_409_with_keycloak_error_message(kc: KeycloakAdmin) -> None:
    kc.create_user({"username": "erin", "email": "erin@example.com"})
    with pytest.raises(KeycloakPostError) as err:
        kc.create_user({"username": "ERIN"})
    assert err.value.response_code == 409
    assert b"User exists with same username" in (err.value.response_body or b"")
    with pytest.raises(KeycloakPostError) as err:
        kc.create_user({"username": "erin2", "email": "ERIN@example.com"})
    assert b"User exists with same email" in (err.value.response_body or b"")


@pytest.mark.parametrize(
    ("rep", "message"),
    [
        ({}, "error-user-attribute-required"),
        ({"username": "x", "email": "not-an-email"}, "error-invalid-email"),
        ({"username": "x", "enabled": "yes"}, "enabled must be a boolean"),
        ({"username": "x", "attributes": {"a": [1]}}, "attribute a must be a list of strings"),
        ({"username": "x", "requiredActions": ["DANCE"]}, "Unknown required action"),
        ({"username": "x", "credentials": [{"type": "password", "value": ""}]}, "Password value"),
    ],
)
def test_invalid_users_are_400(admin: httpx.Client, realm: str, rep: dict, message: str) -> None:
    response = admin.post(f"/admin/realms/{realm}/users", json=rep)
    assert response.status_code == 400
    assert message in response.json()["errorMessage"]
    assert admin.get(f"/admin/realms/{realm}/users/count").json() == 0, "nothing half-written"


def test_unknown_user_is_404(admin: httpx.Client, realm: str) -> None:
    for method in ("GET", "PUT", "DELETE"):
        response = admin.request(
            method, f"/admin/realms/{realm}/users/no-such-id", json={} if method == "PUT" else None
        )
        assert response.status_code == 404, method
        assert response.json()["error"] == "User not found"


def test_search_parameters(admin: httpx.Client, realm: str) -> None:
    people = [
        {
            "username": "anna",
            "email": "anna@corp.io",
            "firstName": "Anna",
            "lastName": "Berg",
            "enabled": True,
            "attributes": {"dept": ["sales"]},
        },
        {
            "username": "annabel",
            "email": "bel@corp.io",
            "firstName": "Bel",
            "lastName": "Annan",
            "enabled": False,
        },
        {
            "username": "bob",
            "email": "bob@else.org",
            "firstName": "Bob",
            "lastName": "Stone",
            "enabled": True,
            "emailVerified": True,
            "attributes": {"dept": ["it"]},
        },
    ]
    for rep in people:
        assert admin.post(f"/admin/realms/{realm}/users", json=rep).status_code == 201

    def names(**params: str | int) -> list[str]:
        response = admin.get(f"/admin/realms/{realm}/users", params=params)
        assert response.status_code == 200, response.text
        return [u["username"] for u in response.json()]

    assert names(search="ann") == ["anna", "annabel"], "prefix over username, email and names"
    assert names(search="*corp*") == ["anna", "annabel"], "infix"
    assert names(search='"anna"') == ["anna"], "exact"
    assert names(search="*") == ["anna", "annabel", "bob"]
    assert names(search="stone") == ["bob"]
    assert names(username="nna") == ["anna", "annabel"], "field filters are infix"
    assert names(username="anna", exact="true") == ["anna"]
    assert names(email="else.org") == ["bob"]
    assert names(firstName="bel") == ["annabel"]
    assert names(lastName="BERG") == ["anna"]
    assert names(enabled="false") == ["annabel"]
    assert names(emailVerified="true") == ["bob"]
    assert names(q="dept:it") == ["bob"]
    assert names(first=1, max=1) == ["annabel"]
    assert admin.get(f"/admin/realms/{realm}/users/count", params={"search": "ann"}).json() == 2
    assert admin.get(f"/admin/realms/{realm}/users/count", params={"enabled": "true"}).json() == 2
    brief = admin.get(
        f"/admin/realms/{realm}/users", params={"briefRepresentation": "true", "username": "bob"}
    ).json()
    assert "attributes" not in brief[0] and brief[0]["username"] == "bob"
    assert admin.get(f"/admin/realms/{realm}/users", params={"max": "many"}).status_code == 400
    assert admin.get(f"/admin/realms/{realm}/users", params={"q": "nocolon"}).status_code == 400


def test_update_keeps_unique_rules_and_rejects_bad_fields(admin: httpx.Client, realm: str) -> None:
    ids = []
    for name in ("frank", "grace"):
        response = admin.post(
            f"/admin/realms/{realm}/users", json={"username": name, "email": f"{name}@x.io"}
        )
        ids.append(response.headers["Location"].rsplit("/", 1)[1])
    response = admin.put(f"/admin/realms/{realm}/users/{ids[1]}", json={"email": "frank@x.io"})
    assert response.status_code == 409
    response = admin.put(f"/admin/realms/{realm}/users/{ids[1]}", json={"username": "renamed"})
    assert response.status_code == 400, "editUsernameAllowed is false by default"
    assert admin.get(f"/admin/realms/{realm}/users/{ids[1]}").json()["email"] == "grace@x.io"
