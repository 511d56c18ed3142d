"""Ory Keto v0.5: policies and roles of the exact, glob and regex flavors, decisions, role members,
invalid input and rights. Every id and subject starts with ``snap`` so only the script's own documents
are listed."""

from __future__ import annotations

from typing import Any

from tests.snapshot.script import Script

E = "/engines/acp/ory"
MASTER = "/admin/realms/master"

# Per flavor: a policy whose resources and subjects use that flavor's pattern language, and requests
# it should and should not allow.
DOCS: dict[str, dict[str, Any]] = {
    "exact": {
        "policy": {
            "subjects": ["snap:alice", "snaprole:exact"],
            "resources": ["snap:articles:1"],
            "actions": ["read"],
        },
        "allowed": [
            ("snap:alice", "snap:articles:1", "read"),
            ("snap:bob", "snap:articles:1", "read"),
            ("snap:alice", "snap:articles:2", "read"),
            ("snap:alice", "snap:articles:1", "write"),
        ],
    },
    "glob": {
        "policy": {
            "subjects": ["snap:{alice,carol}", "snaprole:glob"],
            "resources": ["snap:articles:*"],
            "actions": ["read", "list"],
        },
        "allowed": [
            ("snap:carol", "snap:articles:7", "list"),
            ("snap:bob", "snap:articles:7", "read"),
            ("snap:alice", "snap:articles:7:x", "read"),
            ("snap:alice", "snap:other", "read"),
        ],
    },
    "regex": {
        "policy": {
            "subjects": ["snap:<alice|dave>", "snaprole:regex"],
            "resources": ["snap:articles:<[0-9]+>"],
            "actions": ["<read|write>"],
        },
        "allowed": [
            ("snap:dave", "snap:articles:42", "write"),
            ("snap:alice", "snap:articles:x", "read"),
            ("snap:bob", "snap:articles:42", "read"),
            ("snap:dave", "snap:articles:42", "delete"),
        ],
    },
}


def _allowed(s: Script, flavor: str, subject: str, resource: str, action: str, **extra: Any) -> None:
    s.call(
        "POST",
        f"{E}/{flavor}/allowed",
        json_body={"subject": subject, "resource": resource, "action": action, **extra},
    )


def flavors(s: Script) -> None:
    s.section("keto version")
    s.anonymous("GET", "/version")
    for flavor, doc in DOCS.items():
        s.section(f"keto {flavor}")
        P, RL = f"{E}/{flavor}/policies", f"{E}/{flavor}/roles"
        pid, role = f"snap-{flavor}-policy", f"snaprole:{flavor}"
        s.call(
            "PUT",
            P,
            json_body={
                "id": pid,
                "description": f"{flavor} articles",
                "effect": "allow",
                "conditions": {},
                **doc["policy"],
            },
        )
        for subject, resource, action in doc["allowed"]:
            _allowed(s, flavor, subject, resource, action)
        if flavor == "regex":
            s.call("GET", P, params={"subject": doc["policy"]["subjects"][0]})
        s.call("PUT", RL, json_body={"id": role, "description": "readers", "members": ["snap:bob"]})
        _allowed(s, flavor, "snap:bob", *doc["allowed"][0][1:])
        s.call("DELETE", f"{P}/{pid}")
        s.call("DELETE", f"{RL}/{role}")


def glob_details(s: Script) -> None:
    """Deny beats allow, paging after filters, upserts replace; role members and a role made by them."""
    s.section("keto glob details")
    P, RL = f"{E}/glob/policies", f"{E}/glob/roles"
    base = {"resources": ["snap:docs:*"], "actions": ["get"]}
    s.call("PUT", P, json_body={"id": "snap-allow", "effect": "allow", "subjects": ["snap:*"], **base})
    s.call("PUT", P, json_body={"id": "snap-deny", "effect": "deny", "subjects": ["snap:eve"], **base})
    _allowed(s, "glob", "snap:eve", "snap:docs:1", "get")
    _allowed(s, "glob", "snap:ann", "snap:docs:1", "get")
    s.call("GET", P, params={"resource": "snap:docs:*", "limit": 1, "offset": 1})
    s.call("PUT", P, json_body={"id": "snap-allow", "effect": "deny", "subjects": ["snap:*"], **base})
    _allowed(s, "glob", "snap:ann", "snap:docs:1", "get")
    role = f"{RL}/snaprole:made"
    s.call("PUT", f"{role}/members", json_body={"members": ["snap:hank", "snap:gina"]})
    s.call("DELETE", f"{role}/members/snap:gina")
    s.call("GET", RL, params={"member": "snap:hank"})
    s.call("PUT", RL, json_body={"id": "snaprole:made", "members": ["snap:ivan"]})
    s.call("DELETE", role)
    s.call("GET", role)
    for pid in ("snap-allow", "snap-deny"):
        s.call("DELETE", f"{P}/{pid}")
    s.call("GET", f"{P}/snap-deny")


def special_cases(s: Script) -> None:
    s.section("keto conditions and generated ids")
    pid = "snap-conditions"
    s.call(
        "PUT",
        f"{E}/exact/policies",
        json_body={
            "id": pid,
            "subjects": ["snap:owner"],
            "resources": ["snap:r"],
            "actions": ["a"],
            "effect": "allow",
            "conditions": {
                "owner": {"type": "EqualsSubjectCondition", "options": {}},
                "ip": {"type": "CIDRCondition", "options": {"cidr": "10.0.0.0/8"}},
            },
        },
    )
    _allowed(s, "exact", "snap:owner", "snap:r", "a", context={"owner": "snap:owner", "ip": "10.1.2.3"})
    _allowed(s, "exact", "snap:owner", "snap:r", "a", context={"owner": "snap:owner", "ip": "192.168.0.1"})
    _allowed(s, "exact", "snap:owner", "snap:r", "a", context={"owner": "mallory", "ip": "10.1.2.3"})
    s.call("DELETE", f"{E}/exact/policies/{pid}")
    made = s.call(
        "PUT",
        f"{E}/glob/policies",
        json_body={"subjects": ["snap:anon"], "resources": ["snap:r"], "actions": ["a"], "effect": "allow"},
    ).json()
    s.call("GET", f"{E}/glob/policies", params={"subject": "snap:anon", "limit": "x", "offset": "-3"})
    s.call("DELETE", f"{E}/glob/policies/{made['id']}")

    s.section("keto errors")
    for flavor, body in (
        ("regex", {"subjects": ["<[a-z>"], "resources": ["r"], "actions": ["a"], "effect": "allow"}),
        ("glob", {"subjects": ["s"], "resources": ["{a,"], "actions": ["a"], "effect": "allow"}),
        (
            "exact",
            {
                "subjects": ["s"],
                "resources": ["r"],
                "actions": ["a"],
                "effect": "allow",
                "conditions": {"x": {"type": "NoSuchCondition", "options": {}}},
            },
        ),
        ("exact", {"subjects": "s", "resources": ["r"], "actions": ["a"], "effect": "allow"}),
    ):
        s.call("PUT", f"{E}/{flavor}/policies", json_body={"id": "snap-bad", **body})
    for question in ({"subject": 1}, {"subject": "s", "unknown": 1}):
        s.call("POST", f"{E}/exact/allowed", json_body=question)
    s.call("POST", f"{E}/exact/allowed", content=b"{")
    s.call("PUT", f"{E}/exact/roles", json_body={"id": "snap-r", "members": "m"})
    s.call("GET", f"{E}/fuzzy/policies")
    s.call("PUT", f"{E}/fuzzy/roles", json_body={"id": "r", "members": []})


def rights(s: Script) -> None:
    """One master user, first with no rights, then allowed to view, then to manage."""
    s.section("keto rights")
    management = s.call("GET", f"{MASTER}/clients", params={"clientId": "master-realm"}).json()[0]["id"]
    created = s.call(
        "POST",
        f"{MASTER}/users",
        json_body={
            "username": "snap-keto",
            "enabled": True,
            "credentials": [{"type": "password", "value": "keto-pass", "temporary": False}],
        },
    )
    user_id = created.headers["Location"].rsplit("/", 1)[1]
    roles = {r["name"]: r for r in s.call("GET", f"{MASTER}/clients/{management}/roles").json()}
    for name, role in (
        ("keto-nobody", None),
        ("keto-viewer", "view-authorization"),
        ("keto-manager", "manage-authorization"),
    ):
        if role:
            s.call(
                "POST",
                f"{MASTER}/users/{user_id}/role-mappings/clients/{management}",
                json_body=[roles[role]],
            )
        s.rec.caller(name, s.login("snap-keto", "keto-pass", realm="master").json()["access_token"])
    s.anonymous("GET", f"{E}/exact/policies")
    s.anonymous("POST", f"{E}/exact/allowed", json_body={})
    s.anonymous("DELETE", f"{E}/exact/roles/x/members/y", headers={"Authorization": "Bearer garbage"})
    s.call("GET", f"{E}/exact/policies", as_="keto-nobody")
    s.call(
        "POST",
        f"{E}/exact/allowed",
        as_="keto-viewer",
        json_body={"subject": "snap:nobody", "resource": "nothing", "action": "nada"},
    )
    policy = {
        "id": "snap-managed",
        "subjects": ["s"],
        "resources": ["r"],
        "actions": ["a"],
        "effect": "allow",
    }
    s.call("PUT", f"{E}/exact/policies", as_="keto-viewer", json_body=policy)
    s.call("PUT", f"{E}/exact/policies", as_="keto-manager", json_body=policy)
    s.call("GET", f"{E}/exact/policies/snap-managed", as_="keto-viewer")
    s.call("DELETE", f"{E}/exact/policies/snap-managed", as_="keto-manager")
    # Only this script's user: the session's other tests write policies in master too.
    s.call("GET", f"{MASTER}/admin-events", params={"resourceTypes": "AUTHORIZATION", "authUser": user_id})
