"""Concurrent writes on the embedded SQLite (and on PostgreSQL) never surface as 500s."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx


def test_concurrent_user_creation_and_reads(base_url: str, admin_token: str, realm: str) -> None:
    headers = {"Authorization": f"Bearer {admin_token}"}

    def work(i: int) -> tuple[int, int]:
        with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
            created = client.post(f"/admin/realms/{realm}/users", json={"username": f"c{i}", "enabled": True})
            listed = client.get(f"/admin/realms/{realm}/users", params={"max": 5})
            return created.status_code, listed.status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(work, range(24)))
    assert all(created == 201 and listed == 200 for created, listed in results), results
    with httpx.Client(base_url=base_url, headers=headers) as client:
        assert client.get(f"/admin/realms/{realm}/users/count").json() == 24


def test_racing_duplicates_get_409_not_500(base_url: str, admin_token: str, realm: str) -> None:
    headers = {"Authorization": f"Bearer {admin_token}"}

    def work(_: int) -> int:
        with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
            return client.post(f"/admin/realms/{realm}/users", json={"username": "same"}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = sorted(pool.map(work, range(8)))
    assert codes == [201] + [409] * 7
