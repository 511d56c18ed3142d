"""The group tree stays a tree under concurrent moves and creates: no cycle, no lost group, every path
the one its ancestry gives."""

from __future__ import annotations

from typing import Any

import httpx

from tests.races.helpers import Req, burst, make_group, statuses
from tests.support import unique


def _tree(admin: httpx.Client, realm: str) -> list[dict[str, Any]]:
    response = admin.get(
        f"/admin/realms/{realm}/groups", params={"max": 1000, "briefRepresentation": "false"}
    )
    assert response.status_code == 200, response.text
    top: list[dict[str, Any]] = response.json()
    return top


def _paths(admin: httpx.Client, realm: str, nodes: list[dict[str, Any]], prefix: str = "") -> list[str]:
    """Every path reachable from the top, checked against the ancestry it was reached through."""
    out = []
    for node in nodes:
        assert node["path"] == f"{prefix}/{node['name']}", node
        out.append(node["path"])
        children = admin.get(f"/admin/realms/{realm}/groups/{node['id']}/children", params={"max": 1000})
        assert children.status_code == 200, children.text
        out += _paths(admin, realm, children.json(), node["path"])
    return out


def _move(realm: str, group_id: str, parent_id: str) -> Req:
    return Req("POST", f"/admin/realms/{realm}/groups/{parent_id}/children", {"id": group_id})


def test_opposite_moves_make_no_cycle(
    admin: httpx.Client, admin_token: str, realm: str, base_url: str
) -> None:
    pairs = [(make_group(admin, realm), make_group(admin, realm)) for _ in range(15)]
    moves = [m for a, b in pairs for m in (_move(realm, a, b), _move(realm, b, a))]
    answers = burst(base_url, moves, admin_token)
    assert statuses(answers) == [204] * 15 + [400] * 15, [r.text for r in answers]
    for i in range(0, len(answers), 2):
        assert {answers[i].status_code, answers[i + 1].status_code} == {204, 400}
    paths = _paths(admin, realm, _tree(admin, realm))
    assert len(paths) == 30 and len(set(paths)) == 30
    assert admin.get(f"/admin/realms/{realm}/groups/count").json() == {"count": 30}


def test_a_ring_of_moves_makes_no_cycle(
    admin: httpx.Client, admin_token: str, realm: str, base_url: str
) -> None:
    ring = [make_group(admin, realm) for _ in range(20)]
    moves = [_move(realm, ring[i], ring[(i + 1) % len(ring)]) for i in range(len(ring))]
    answers = burst(base_url, moves, admin_token)
    # Each move on its own is fine; together they would close a ring, so at least one is refused.
    assert set(statuses(answers)) <= {204, 400} and 400 in statuses(answers), [r.text for r in answers]
    assert len(_paths(admin, realm, _tree(admin, realm))) == 20


def test_children_created_while_their_parent_moves(
    admin: httpx.Client, admin_token: str, realm: str, base_url: str
) -> None:
    parent, target = make_group(admin, realm), make_group(admin, realm)
    creates = [
        Req("POST", f"/admin/realms/{realm}/groups/{parent}/children", {"name": unique("child")})
        for _ in range(20)
    ]
    answers = burst(base_url, [*creates[:10], _move(realm, parent, target), *creates[10:]], admin_token)
    assert statuses(answers) == [201] * 20 + [204], [r.text for r in answers]
    paths = _paths(admin, realm, _tree(admin, realm))
    assert len(paths) == 22
    moved = admin.get(f"/admin/realms/{realm}/groups/{parent}").json()["path"]
    assert sum(p.startswith(moved + "/") for p in paths) == 20
