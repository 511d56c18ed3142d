"""Effective roles with their sources, in GraphQL: direct, through a composite, through a group and
through an ancestor group, for a user and for a group."""

from __future__ import annotations

import httpx

from tests.graphql_client import gql

_SOURCES = """
  effectiveRoleSources {
    kind role { name } throughComposite { name } throughGroup { path } memberOf { path }
  }
"""


def _id(response: httpx.Response) -> str:
    assert response.status_code == 201, response.text
    return response.headers["location"].rsplit("/", 1)[1]


def _role(admin: httpx.Client, realm: str, name: str) -> dict[str, object]:
    assert admin.post(f"/admin/realms/{realm}/roles", json={"name": name}).status_code == 201
    return dict(admin.get(f"/admin/realms/{realm}/roles/{name}").json())


def _paths(sources: list[dict[str, object]], wanted: set[str]) -> set[tuple[object, ...]]:
    found: set[tuple[object, ...]] = set()
    for s in sources:
        name = s["role"]["name"]  # type: ignore[index]
        if name in wanted:
            found.add(
                (
                    name,
                    s["kind"],
                    (s["throughComposite"] or {}).get("name"),  # type: ignore[attr-defined]
                    (s["throughGroup"] or {}).get("path"),  # type: ignore[attr-defined]
                    (s["memberOf"] or {}).get("path"),  # type: ignore[attr-defined]
                )
            )
    return found


def test_every_source_kind(admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}"
    direct, comp, inner = (_role(admin, realm, n) for n in ("direct", "comp", "inner"))
    from_sub, from_top = _role(admin, realm, "from-sub"), _role(admin, realm, "from-top")
    assert admin.post(f"{base}/roles/comp/composites", json=[inner]).status_code == 204
    top = _id(admin.post(f"{base}/groups", json={"name": "top"}))
    sub = admin.post(f"{base}/groups/{top}/children", json={"name": "sub"})
    sub_id = sub.json()["id"] if sub.status_code == 201 and sub.content else _id(sub)
    user = _id(admin.post(f"{base}/users", json={"username": "holder", "enabled": True}))
    assert admin.post(f"{base}/users/{user}/role-mappings/realm", json=[direct, comp]).status_code == 204
    assert admin.put(f"{base}/users/{user}/groups/{sub_id}").status_code == 204
    assert admin.post(f"{base}/groups/{sub_id}/role-mappings/realm", json=[from_sub, comp]).status_code == 204
    assert admin.post(f"{base}/groups/{top}/role-mappings/realm", json=[from_top]).status_code == 204

    data = gql(
        admin,
        f"query ($r: String!, $u: String!) {{ user(realm: $r, id: $u) {{ {_SOURCES} }} }}",
        r=realm,
        u=user,
    )
    names = {"direct", "comp", "inner", "from-sub", "from-top"}
    assert _paths(data["user"]["effectiveRoleSources"], names) == {
        ("direct", "DIRECT", None, None, None),
        ("comp", "DIRECT", None, None, None),
        ("inner", "COMPOSITE", "comp", None, None),
        ("comp", "GROUP", None, "/top/sub", "/top/sub"),
        ("inner", "GROUP", "comp", "/top/sub", "/top/sub"),
        ("from-sub", "GROUP", None, "/top/sub", "/top/sub"),
        ("from-top", "ANCESTOR_GROUP", None, "/top", "/top/sub"),
    }

    data = gql(
        admin,
        f"query ($r: String!, $g: String!) {{ group(realm: $r, id: $g) {{ {_SOURCES} }} }}",
        r=realm,
        g=sub_id,
    )
    assert _paths(data["group"]["effectiveRoleSources"], names) == {
        ("comp", "DIRECT", None, None, None),
        ("inner", "COMPOSITE", "comp", None, None),
        ("from-sub", "DIRECT", None, None, None),
        ("from-top", "ANCESTOR_GROUP", None, "/top", "/top/sub"),
    }
