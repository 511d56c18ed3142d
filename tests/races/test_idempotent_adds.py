"""Adds that a repeat answers with 204 answer 204 when they race, too, and leave one row: role mappings
(in any order, without a deadlock), composites and group membership."""

from __future__ import annotations

import random

import httpx

from tests.races.helpers import Req, burst, make_group, make_role, make_user, statuses


def test_the_same_role_mapping_at_once(
    admin: httpx.Client, admin_token: str, realm: str, base_url: str
) -> None:
    user = make_user(admin, realm)
    group = make_group(admin, realm)
    role = make_role(admin, realm)
    adds = [
        Req("POST", f"/admin/realms/{realm}/{kind}/{sid}/role-mappings/realm", [role])
        for kind, sid in (("users", user), ("groups", group))
        for _ in range(20)
    ]
    answers = burst(base_url, adds, admin_token)
    assert statuses(answers) == [204] * 40, [r.text for r in answers]
    for kind, sid in (("users", user), ("groups", group)):
        mapped = admin.get(f"/admin/realms/{realm}/{kind}/{sid}/role-mappings/realm").json()
        assert [r["name"] for r in mapped].count(role["name"]) == 1


def test_overlapping_role_mappings_in_any_order(
    admin: httpx.Client, admin_token: str, realm: str, base_url: str
) -> None:
    """Many roles mapped at once in shuffled orders: on PostgreSQL, inserts that wait for each other in
    opposite orders deadlock unless written in one order (or retried)."""
    user = make_user(admin, realm)
    roles = [make_role(admin, realm) for _ in range(8)]
    shuffled = random.Random(7)
    adds = []
    for _ in range(30):
        body = list(roles)
        shuffled.shuffle(body)
        adds.append(Req("POST", f"/admin/realms/{realm}/users/{user}/role-mappings/realm", body))
    answers = burst(base_url, adds, admin_token)
    assert statuses(answers) == [204] * 30, [r.text for r in answers]
    mapped = {r["name"] for r in admin.get(f"/admin/realms/{realm}/users/{user}/role-mappings/realm").json()}
    assert {r["name"] for r in roles} <= mapped


def test_the_same_composite_at_once(admin: httpx.Client, admin_token: str, realm: str, base_url: str) -> None:
    parent, children = make_role(admin, realm), [make_role(admin, realm) for _ in range(4)]
    adds = [
        Req("POST", f"/admin/realms/{realm}/roles-by-id/{parent['id']}/composites", children[i % 2 :])
        for i in range(30)
    ]
    answers = burst(base_url, adds, admin_token)
    assert statuses(answers) == [204] * 30, [r.text for r in answers]
    found = admin.get(f"/admin/realms/{realm}/roles-by-id/{parent['id']}/composites").json()
    assert sorted(r["id"] for r in found) == sorted(c["id"] for c in children)


def test_the_same_group_join_at_once(
    admin: httpx.Client, admin_token: str, realm: str, base_url: str
) -> None:
    user, group = make_user(admin, realm), make_group(admin, realm)
    joins = [Req("PUT", f"/admin/realms/{realm}/users/{user}/groups/{group}") for _ in range(30)]
    answers = burst(base_url, joins, admin_token)
    assert statuses(answers) == [204] * 30, [r.text for r in answers]
    members = admin.get(f"/admin/realms/{realm}/groups/{group}/members").json()
    assert [m["id"] for m in members] == [user]
    events = admin.get(
        f"/admin/realms/{realm}/admin-events", params={"resourceTypes": "GROUP_MEMBERSHIP", "max": 100}
    ).json()
    # A repeated join changes nothing, so it records nothing either.
    assert len(events) == 1
