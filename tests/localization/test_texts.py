"""Realm localization texts: locales, import, one text as text/plain, the default-locale fallback,
deletes and their misses, rights."""

from __future__ import annotations

from collections.abc import Callable

import httpx


def test_texts_round_trip(admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/localization"
    assert admin.get(base).json() == []
    assert admin.post(f"{base}/en", json={"hello": "Hello", "bye": "Bye"}).status_code == 204
    put = admin.put(f"{base}/de/hello", content="Hallo", headers={"Content-Type": "text/plain"})
    assert put.status_code == 204
    assert admin.get(base).json() == ["de", "en"]
    text = admin.get(f"{base}/de/hello")
    assert (
        text.status_code == 200
        and text.text == "Hallo"
        and text.headers["content-type"].startswith("text/plain")
    )
    assert admin.get(f"{base}/de").json() == {"hello": "Hallo"}
    assert admin.put(f"/admin/realms/{realm}", json={"defaultLocale": "en"}).status_code == 204
    merged = admin.get(f"{base}/de", params={"useRealmDefaultLocaleFallback": "true"}).json()
    assert merged == {"hello": "Hallo", "bye": "Bye"}
    assert admin.delete(f"{base}/en/bye").status_code == 204
    missing = admin.get(f"{base}/en/bye")
    assert missing.status_code == 404 and missing.json()["error"] == "Localization text not found"
    assert admin.delete(f"{base}/en/bye").status_code == 404
    assert admin.delete(f"{base}/de").status_code == 204
    gone = admin.delete(f"{base}/de")
    assert gone.status_code == 404 and gone.json()["error"] == "No localization texts for locale de found."
    assert admin.get(base).json() == ["en"]
    assert admin.post(f"{base}/en", json={"x": 1}).status_code == 400


def test_texts_travel_with_the_realm_and_are_checked(admin: httpx.Client, realm: str) -> None:
    bad = admin.put(f"/admin/realms/{realm}", json={"localizationTexts": {"en": {"a": 1}}})
    assert bad.status_code == 400
    assert (
        admin.put(f"/admin/realms/{realm}", json={"localizationTexts": {"fr": {"a": "b"}}}).status_code == 204
    )
    assert admin.get(f"/admin/realms/{realm}/localization/fr/a").text == "b"


def test_rights(caller_with: Callable[..., httpx.Client], admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/localization"
    assert admin.post(f"{base}/en", json={"k": "v"}).status_code == 204
    viewer = caller_with("view-users")
    assert viewer.get(f"{base}/en").json() == {"k": "v"}
    assert viewer.get(f"{base}/en/k").status_code == 403
    assert viewer.put(f"{base}/en/k", content="w").status_code == 403
