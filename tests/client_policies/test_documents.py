"""Client profiles and policies: stored and returned as given, global profiles on request, Keycloak's
validation, holder-of-key refused, rights; and the secret rotation they drive."""

from __future__ import annotations

from collections.abc import Callable

import httpx

PROFILES = {
    "profiles": [
        {
            "name": "rotate",
            "description": "rotates secrets",
            "executors": [
                {"executor": "secret-rotation", "configuration": {"rotated-expiration-period": "60"}}
            ],
        }
    ]
}
POLICIES = {
    "policies": [
        {
            "name": "all",
            "enabled": True,
            "conditions": [{"condition": "any-client", "configuration": {}}],
            "profiles": ["rotate"],
        }
    ]
}


def test_profiles_and_policies_round_trip(admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/client-policies"
    assert admin.get(f"{base}/profiles").json() == {"profiles": []}
    assert admin.put(f"{base}/profiles", json=PROFILES).status_code == 204
    assert admin.put(f"{base}/policies", json=POLICIES).status_code == 204
    assert admin.get(f"{base}/profiles").json() == PROFILES
    assert admin.get(f"{base}/policies").json() == POLICIES
    with_global = admin.get(f"{base}/profiles", params={"include-global-profiles": "true"}).json()
    assert [p["name"] for p in with_global["globalProfiles"]][:2] == ["fapi-1-baseline", "fapi-1-advanced"]
    assert admin.get(f"/admin/realms/{realm}").json()["clientPolicies"] == POLICIES


def test_validation(admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/client-policies"
    unknown = {"profiles": [{"name": "x", "executors": [{"executor": "nope", "configuration": {}}]}]}
    response = admin.put(f"{base}/profiles", json=unknown)
    assert response.status_code == 400
    assert (
        response.json()["errorMessage"]
        == "proposed client profile contains the executor with its invalid configuration."
    )
    clash = admin.put(f"{base}/profiles", json={"profiles": [{"name": "fapi-1-baseline"}]})
    assert (
        clash.status_code == 400
        and clash.json()["errorMessage"] == "proposed client profile name duplicated."
    )
    hok = {"profiles": [{"name": "h", "executors": [{"executor": "holder-of-key-enforcer"}]}]}
    refused = admin.put(f"{base}/profiles", json=hok)
    assert refused.status_code == 400 and "not supported" in refused.json()["errorMessage"]
    advanced = {"policies": [{"name": "p", "enabled": True, "profiles": ["fapi-1-advanced"]}]}
    assert admin.put(f"{base}/policies", json=advanced).status_code == 400
    assert (
        admin.put(
            f"{base}/policies",
            json={"policies": [{"name": "p", "enabled": False, "profiles": ["fapi-1-advanced"]}]},
        ).status_code
        == 204
    )
    condition = {"policies": [{"name": "p", "conditions": [{"condition": "nope"}]}]}
    bad = admin.put(f"{base}/policies", json=condition)
    assert bad.status_code == 400
    assert (
        bad.json()["errorMessage"]
        == "proposed client policy contains the condition with its invalid configuration."
    )
    ghost = admin.put(f"{base}/policies", json={"policies": [{"name": "p", "profiles": ["ghost"]}]})
    assert ghost.status_code == 400
    assert admin.put(f"/admin/realms/{realm}", json={"clientProfiles": unknown}).status_code == 400


def test_rights(caller_with: Callable[..., httpx.Client], realm: str) -> None:
    base = f"/admin/realms/{realm}/client-policies"
    viewer = caller_with("view-realm")
    assert viewer.get(f"{base}/policies").status_code == 200
    assert viewer.put(f"{base}/policies", json={"policies": []}).status_code == 403
    assert caller_with("view-users").get(f"{base}/profiles").status_code == 403
