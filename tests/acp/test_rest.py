"""The Keto v0.5 REST dialect, driven by the ory-keto-client 0.5 SDK against the real server."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
from ory_keto_client import (
    AddOryAccessControlPolicyRoleMembersBody,
    ApiException,
    EnginesApi,
    OryAccessControlPolicy,
    OryAccessControlPolicyAllowedInput,
    OryAccessControlPolicyRole,
    VersionApi,
)

from tests.acp.conftest import sdk_client
from tests.support import unique

FLAVORS = ("exact", "glob", "regex")


def _error(exc: ApiException) -> dict:
    return json.loads(exc.body)["error"]


def _allowed(
    engines: EnginesApi, flavor: str, subject: str, resource: str, action: str, context: dict | None = None
) -> bool:
    body = OryAccessControlPolicyAllowedInput(
        subject=subject, resource=resource, action=action, context=context or {}
    )
    try:
        result = engines.do_ory_access_control_policies_allow(flavor, body=body)
    except ApiException as exc:
        assert exc.status == 403, exc.body
        assert json.loads(exc.body) == {"allowed": False}
        return False
    assert result.allowed is True
    return True


def test_version_answers_without_a_token(base_url: str) -> None:
    client = sdk_client(base_url, None)
    assert VersionApi(client).get_version().version.startswith("v0.5")


def test_policy_lifecycle(engines: EnginesApi) -> None:
    pid = unique("policy")
    user = unique("users:alice")
    policy = OryAccessControlPolicy(
        id=pid,
        description="read articles",
        subjects=[user],
        resources=["articles:<[0-9]+>"],
        actions=["read"],
        effect="allow",
        conditions={},
    )
    stored = engines.upsert_ory_access_control_policy("regex", body=policy)
    assert (stored.id, stored.effect, stored.subjects, stored.resources) == (
        pid,
        "allow",
        [user],
        ["articles:<[0-9]+>"],
    )

    got = engines.get_ory_access_control_policy("regex", pid)
    assert got.description == "read articles" and got.actions == ["read"]
    assert _allowed(engines, "regex", user, "articles:42", "read")
    assert not _allowed(engines, "regex", user, "articles:x", "read")
    assert not _allowed(engines, "regex", user, "articles:42", "write")

    # Upsert replaces: now a deny policy.
    policy.effect = "deny"
    assert engines.upsert_ory_access_control_policy("regex", body=policy).effect == "deny"
    assert engines.get_ory_access_control_policy("regex", pid).effect == "deny"
    assert not _allowed(engines, "regex", user, "articles:42", "read")

    engines.delete_ory_access_control_policy("regex", pid)
    with pytest.raises(ApiException) as missing:
        engines.get_ory_access_control_policy("regex", pid)
    assert missing.value.status == 404
    assert _error(missing.value)["code"] == 404 and _error(missing.value)["status"] == "Not Found"
    # Deleting again is still 204, as in Keto.
    engines.delete_ory_access_control_policy("regex", pid)


def test_upsert_without_id_gets_a_uuid(engines: EnginesApi) -> None:
    stored = engines.upsert_ory_access_control_policy(
        "exact", body=OryAccessControlPolicy(subjects=["s"], resources=["r"], actions=["a"], effect="allow")
    )
    assert len(stored.id) == 36
    assert engines.get_ory_access_control_policy("exact", stored.id).effect == "allow"
    engines.delete_ory_access_control_policy("exact", stored.id)


def test_list_filters_by_stored_values_with_paging(engines: EnginesApi) -> None:
    tag = unique("f")
    docs = [
        (f"{tag}-1", [f"{tag}:mem1", f"{tag}:mem2"], [f"{tag}:res1", f"{tag}:res2"], ["create"]),
        (f"{tag}-2", [f"{tag}:mem3", f"{tag}:mem4"], [f"{tag}:res1", f"{tag}:res2"], ["create"]),
        (f"{tag}-3", [f"{tag}:mem5", f"{tag}:<.*>"], [f"{tag}:res3"], ["update"]),
    ]
    for pid, subjects, resources, actions in docs:
        engines.upsert_ory_access_control_policy(
            "regex",
            body=OryAccessControlPolicy(
                id=pid, subjects=subjects, resources=resources, actions=actions, effect="allow"
            ),
        )

    def ids(**query: object) -> list[str]:
        return [
            p.id for p in engines.list_ory_access_control_policies("regex", **query) if p.id.startswith(tag)
        ]

    assert ids(subject=f"{tag}:mem3") == [f"{tag}-2"]
    assert ids(resource=f"{tag}:res1") == [f"{tag}-1", f"{tag}-2"]
    assert ids(resource=f"{tag}:res1", subject=f"{tag}:mem3", action="create") == [f"{tag}-2"]
    assert ids(resource=f"{tag}:res3", subject=f"{tag}:mem3") == []
    # Verbatim, not pattern matching: the regex subject does not match mem9.
    assert ids(subject=f"{tag}:mem9") == []
    assert ids(subject=f"{tag}:<.*>") == [f"{tag}-3"]
    # Filters apply before paging.
    assert ids(resource=f"{tag}:res1", limit=1) == [f"{tag}-1"]
    assert ids(resource=f"{tag}:res1", limit=1, offset=1) == [f"{tag}-2"]
    # Other flavors are other namespaces.
    assert [p.id for p in engines.list_ory_access_control_policies("glob") if p.id.startswith(tag)] == []
    for pid, *_ in docs:
        engines.delete_ory_access_control_policy("regex", pid)


def test_list_limit_defaults_and_caps(engines: EnginesApi, admin: httpx.Client) -> None:
    tag = unique("page")
    for i in range(3):
        engines.upsert_ory_access_control_policy(
            "glob",
            body=OryAccessControlPolicy(
                id=f"{tag}-{i}", subjects=[tag], resources=["r"], actions=["a"], effect="allow"
            ),
        )
    assert len(engines.list_ory_access_control_policies("glob", subject=tag, limit=2)) == 2
    # Malformed paging falls back to Keto's defaults rather than failing.
    response = admin.get(
        "/engines/acp/ory/glob/policies", params={"subject": tag, "limit": "x", "offset": "-3"}
    )
    assert response.status_code == 200 and len(response.json()) == 3
    for i in range(3):
        engines.delete_ory_access_control_policy("glob", f"{tag}-{i}")


def test_roles_lifecycle_and_role_subjects(engines: EnginesApi) -> None:
    role_id = unique("role")
    alice, bob = unique("alice"), unique("bob")
    stored = engines.upsert_ory_access_control_policy_role(
        "glob", body=OryAccessControlPolicyRole(id=role_id, members=[alice])
    )
    assert (stored.id, stored.members) == (role_id, [alice])
    pid = unique("policy")
    engines.upsert_ory_access_control_policy(
        "glob",
        body=OryAccessControlPolicy(
            id=pid, subjects=[role_id], resources=["docs:*"], actions=["get"], effect="allow"
        ),
    )
    assert _allowed(engines, "glob", alice, "docs:1", "get")
    assert not _allowed(engines, "glob", bob, "docs:1", "get")

    added = engines.add_ory_access_control_policy_role_members(
        "glob", role_id, body=AddOryAccessControlPolicyRoleMembersBody(members=[bob, alice])
    )
    assert added.members == [alice, bob]
    assert _allowed(engines, "glob", bob, "docs:1", "get")
    assert [r.id for r in engines.list_ory_access_control_policy_roles("glob", member=bob)] == [role_id]
    assert engines.get_ory_access_control_policy_role("glob", role_id).members == [alice, bob]

    engines.remove_ory_access_control_policy_role_members("glob", role_id, alice)
    assert engines.get_ory_access_control_policy_role("glob", role_id).members == [bob]
    assert not _allowed(engines, "glob", alice, "docs:1", "get")
    assert engines.list_ory_access_control_policy_roles("glob", member=alice) == []

    # Upsert replaces the member list.
    engines.upsert_ory_access_control_policy_role(
        "glob", body=OryAccessControlPolicyRole(id=role_id, members=[alice])
    )
    assert engines.get_ory_access_control_policy_role("glob", role_id).members == [alice]
    assert not _allowed(engines, "glob", bob, "docs:1", "get")

    engines.delete_ory_access_control_policy_role("glob", role_id)
    with pytest.raises(ApiException) as missing:
        engines.get_ory_access_control_policy_role("glob", role_id)
    assert missing.value.status == 404
    assert not _allowed(engines, "glob", alice, "docs:1", "get")
    with pytest.raises(ApiException) as gone:
        engines.remove_ory_access_control_policy_role_members("glob", role_id, alice)
    assert gone.value.status == 404
    engines.delete_ory_access_control_policy("glob", pid)


def test_adding_members_creates_a_missing_role(engines: EnginesApi) -> None:
    role_id = unique("role")
    role = engines.add_ory_access_control_policy_role_members(
        "exact", role_id, body=AddOryAccessControlPolicyRoleMembersBody(members=["m1"])
    )
    assert (role.id, role.members) == (role_id, ["m1"])
    assert engines.list_ory_access_control_policy_roles("exact", member="m1")[-1].id == role_id
    engines.delete_ory_access_control_policy_role("exact", role_id)


def test_conditions_are_evaluated(engines: EnginesApi) -> None:
    pid, user = unique("cond"), unique("user")
    engines.upsert_ory_access_control_policy(
        "exact",
        body=OryAccessControlPolicy(
            id=pid,
            subjects=[user],
            resources=["r"],
            actions=["a"],
            effect="allow",
            conditions={
                "owner": {"type": "EqualsSubjectCondition", "options": {}},
                "ip": {"type": "CIDRCondition", "options": {"cidr": "10.0.0.0/8"}},
            },
        ),
    )
    assert _allowed(engines, "exact", user, "r", "a", {"owner": user, "ip": "10.1.2.3"})
    assert not _allowed(engines, "exact", user, "r", "a", {"owner": user, "ip": "192.168.0.1"})
    assert not _allowed(engines, "exact", user, "r", "a", {"owner": "mallory", "ip": "10.1.2.3"})
    assert engines.get_ory_access_control_policy("exact", pid).conditions["ip"]["options"] == {
        "cidr": "10.0.0.0/8"
    }
    engines.delete_ory_access_control_policy("exact", pid)


@pytest.mark.parametrize(
    ("flavor", "doc", "field"),
    [
        (
            "regex",
            {"subjects": ["<[a-z>"], "resources": ["r"], "actions": ["a"], "effect": "allow"},
            "subjects",
        ),
        ("glob", {"subjects": ["s"], "resources": ["{a,"], "actions": ["a"], "effect": "allow"}, "resources"),
        ("exact", {"subjects": ["s"], "resources": ["r"], "actions": ["a"], "effect": "maybe"}, "effect"),
        (
            "exact",
            {
                "subjects": ["s"],
                "resources": ["r"],
                "actions": ["a"],
                "effect": "allow",
                "conditions": {"x": {"type": "NoSuchCondition", "options": {}}},
            },
            "conditions",
        ),
        ("exact", {"subjects": "s", "resources": ["r"], "actions": ["a"], "effect": "allow"}, "subjects"),
    ],
)
def test_invalid_policies_are_400(admin: httpx.Client, flavor: str, doc: dict, field: str) -> None:
    pid = unique("bad")
    response = admin.put(f"/engines/acp/ory/{flavor}/policies", json={"id": pid, **doc})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == 400 and error["status"] == "Bad Request" and error["message"]
    assert admin.get(f"/engines/acp/ory/{flavor}/policies/{pid}").status_code == 404


def test_sdk_sees_invalid_policy_as_400(engines: EnginesApi) -> None:
    with pytest.raises(ApiException) as bad:
        engines.upsert_ory_access_control_policy(
            "regex",
            body=OryAccessControlPolicy(
                id=unique("bad"), subjects=["<(>"], resources=["r"], actions=["a"], effect="allow"
            ),
        )
    assert bad.value.status == 400
    assert "subjects" in _error(bad.value)["message"] or _error(bad.value).get("reason")


def test_unknown_flavor_is_404_in_keto_shape(engines: EnginesApi, admin: httpx.Client) -> None:
    for call in (
        lambda: engines.list_ory_access_control_policies("fuzzy"),
        lambda: engines.get_ory_access_control_policy_role("fuzzy", "x"),
        lambda: engines.do_ory_access_control_policies_allow(
            "fuzzy", body=OryAccessControlPolicyAllowedInput(subject="s", resource="r", action="a")
        ),
    ):
        with pytest.raises(ApiException) as exc:
            call()
        assert exc.value.status == 404
        assert set(_error(exc.value)) >= {"code", "status", "message"}
    response = admin.put("/engines/acp/ory/fuzzy/roles", json={"id": "r", "members": []})
    assert response.status_code == 404 and response.json()["error"]["code"] == 404


def test_bad_allowed_bodies_are_400(admin: httpx.Client) -> None:
    for body in ({"subject": 1}, {"subject": "s", "context": []}, {"subject": "s", "unknown": 1}):
        response = admin.post("/engines/acp/ory/exact/allowed", json=body)
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == 400
    assert admin.post("/engines/acp/ory/exact/allowed", content=b"{").status_code == 400


def test_every_route_needs_a_token_with_rights(
    base_url: str, anonymous: httpx.Client, master_user_token: Callable[..., str]
) -> None:
    anonymous_api = EnginesApi(sdk_client(base_url, None))
    with pytest.raises(ApiException) as unauthenticated:
        anonymous_api.list_ory_access_control_policies("exact")
    assert unauthenticated.value.status == 401
    assert _error(unauthenticated.value)["code"] == 401
    for method, path in (
        ("POST", "/allowed"),
        ("PUT", "/policies"),
        ("GET", "/roles/x"),
        ("DELETE", "/roles/x/members/y"),
    ):
        assert anonymous.request(method, "/engines/acp/ory/exact" + path, json={}).status_code == 401

    nobody = EnginesApi(sdk_client(base_url, master_user_token()))
    with pytest.raises(ApiException) as forbidden:
        nobody.list_ory_access_control_policies("exact")
    assert forbidden.value.status == 403 and _error(forbidden.value)["code"] == 403

    viewer = EnginesApi(sdk_client(base_url, master_user_token("view-authorization")))
    viewer.list_ory_access_control_policies("exact")
    assert not _allowed(viewer, "exact", "nobody", "nothing", "nada")
    with pytest.raises(ApiException) as read_only:
        viewer.upsert_ory_access_control_policy(
            "exact",
            body=OryAccessControlPolicy(
                id=unique("p"), subjects=["s"], resources=["r"], actions=["a"], effect="allow"
            ),
        )
    assert read_only.value.status == 403

    manager = EnginesApi(sdk_client(base_url, master_user_token("manage-authorization")))
    pid = unique("p")
    manager.upsert_ory_access_control_policy(
        "exact",
        body=OryAccessControlPolicy(id=pid, subjects=["s"], resources=["r"], actions=["a"], effect="allow"),
    )
    assert manager.get_ory_access_control_policy("exact", pid).id == pid
    manager.delete_ory_access_control_policy("exact", pid)


def test_writes_record_admin_events(engines: EnginesApi, admin: httpx.Client) -> None:
    pid, role_id = unique("evp"), unique("evr")
    engines.upsert_ory_access_control_policy(
        "exact",
        body=OryAccessControlPolicy(id=pid, subjects=["s"], resources=["r"], actions=["a"], effect="allow"),
    )
    engines.upsert_ory_access_control_policy_role(
        "exact", body=OryAccessControlPolicyRole(id=role_id, members=["m"])
    )
    engines.delete_ory_access_control_policy("exact", pid)
    engines.delete_ory_access_control_policy_role("exact", role_id)
    events = admin.get(
        "/admin/realms/master/admin-events", params={"resourceTypes": "AUTHORIZATION", "max": 50}
    ).json()
    mine = [
        (e["operationType"], e["resourcePath"])
        for e in events
        if pid in e["resourcePath"] or role_id in e["resourcePath"]
    ]
    assert sorted(mine) == sorted(
        [
            ("CREATE", f"engines/acp/ory/exact/policies/{pid}"),
            ("DELETE", f"engines/acp/ory/exact/policies/{pid}"),
            ("CREATE", f"engines/acp/ory/exact/roles/{role_id}"),
            ("DELETE", f"engines/acp/ory/exact/roles/{role_id}"),
        ]
    )
