"""E-mail uniqueness holds under concurrent writers where the realm allows no duplicate e-mails (Keycloak's
default), and only there."""

from __future__ import annotations

import httpx

from tests.races.helpers import Req, burst, make_user, set_realm, statuses
from tests.support import unique


def _with_email(admin: httpx.Client, realm: str, email: str) -> list[str]:
    found = admin.get(f"/admin/realms/{realm}/users", params={"email": email, "exact": "true"}).json()
    return [u["id"] for u in found]


def test_concurrent_creates_with_one_email(
    admin: httpx.Client, admin_token: str, realm: str, base_url: str
) -> None:
    email = unique("same") + "@example.com"
    creates = [
        Req("POST", f"/admin/realms/{realm}/users", {"username": unique("u"), "email": email})
        for _ in range(30)
    ]
    answers = burst(base_url, creates, admin_token)
    assert statuses(answers) == [201] + [409] * 29, [r.text for r in answers]
    assert {r.json()["errorMessage"] for r in answers if r.status_code == 409} <= {
        "User exists with same email"
    }
    assert len(_with_email(admin, realm, email)) == 1


def test_concurrent_updates_to_one_email(
    admin: httpx.Client, admin_token: str, realm: str, base_url: str
) -> None:
    email = unique("taken") + "@example.com"
    users = [make_user(admin, realm) for _ in range(20)]
    updates = [Req("PUT", f"/admin/realms/{realm}/users/{u}", {"email": email}) for u in users]
    answers = burst(base_url, updates, admin_token)
    assert statuses(answers) == [204] + [409] * 19, [r.text for r in answers]
    assert len(_with_email(admin, realm, email)) == 1


def test_duplicates_stay_allowed_where_the_realm_allows_them(
    admin: httpx.Client, admin_token: str, realm: str, base_url: str
) -> None:
    set_realm(admin, realm, duplicateEmailsAllowed=True)
    email = unique("shared") + "@example.com"
    creates = [
        Req("POST", f"/admin/realms/{realm}/users", {"username": unique("u"), "email": email})
        for _ in range(10)
    ]
    assert statuses(burst(base_url, creates, admin_token)) == [201] * 10
    # Disallowed again: the existing duplicates stay, a new one is refused.
    set_realm(admin, realm, duplicateEmailsAllowed=False)
    again = admin.post(f"/admin/realms/{realm}/users", json={"username": unique("u"), "email": email})
    assert again.status_code == 409, again.text
    assert len(_with_email(admin, realm, email)) == 10


def test_the_same_email_in_two_realms(
    admin: httpx.Client, admin_token: str, realm: str, base_url: str
) -> None:
    other = unique("realm")
    assert admin.post("/admin/realms", json={"realm": other, "enabled": True}).status_code == 201
    try:
        email = unique("both") + "@example.com"
        creates = [
            Req("POST", f"/admin/realms/{name}/users", {"username": unique("u"), "email": email})
            for name in (realm, other)
            for _ in range(10)
        ]
        answers = burst(base_url, creates, admin_token)
        assert statuses(answers) == [201] * 2 + [409] * 18, [r.text for r in answers]
    finally:
        admin.delete(f"/admin/realms/{other}")
