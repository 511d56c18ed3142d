"""Realm import keeps the export's flows, executions, authenticator configs and required actions; the
realm's bindings and the clients' overrides must name real flows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from tests.support import unique

DATA = Path(__file__).parent.parent / "data" / "realms"


def _import(admin: httpx.Client, rep: dict[str, Any]) -> httpx.Response:
    return admin.post("/admin/realms", json=rep)


def test_a_keycloak_export_keeps_its_flows_and_required_actions(admin: httpx.Client) -> None:
    rep = json.loads((DATA / "keycloak-quickstarts-fine-grain-demo.json").read_text())
    name = unique("fine")
    rep["realm"], rep["id"] = name, name
    response = _import(admin, rep)
    assert response.status_code == 201, response.text
    try:
        base = f"/admin/realms/{name}/authentication"
        flows = {f["alias"]: f for f in admin.get(f"{base}/flows").json()}
        assert set(flows) >= {"browser", "direct grant", "registration", "first broker login", "clients"}
        exported = {f["alias"]: f for f in rep["authenticationFlows"]}
        clients = flows["clients"]["authenticationExecutions"]
        assert [e["authenticator"] for e in clients] == ["client-secret", "client-jwt"]
        assert flows["browser"]["id"] in {exported["browser"]["id"], flows["browser"]["id"]}
        # the OPTIONAL OTP of the old export became Keycloak 8's conditional sub-flow
        rows = admin.get(f"{base}/flows/browser/executions").json()
        assert [(r["displayName"], r["level"], r["requirement"]) for r in rows][-3:] == [
            ("forms - auth-otp-form - Conditional", 1, "CONDITIONAL"),
            ("Condition - user configured", 2, "REQUIRED"),
            ("OTP Form", 2, "REQUIRED"),
        ]
        # the retired registration-profile-action is dropped
        form = admin.get(f"{base}/flows/registration form/executions")
        registration = admin.get(f"{base}/flows/registration/executions").json()
        assert form.status_code == 200
        assert "registration-profile-action" not in {r.get("providerId") for r in registration}
        review = next(
            r for r in admin.get(f"{base}/flows/first broker login/executions").json() if r["level"] == 0
        )
        config = admin.get(f"{base}/config/{review['authenticationConfig']}").json()
        assert config["alias"] == "review profile config"
        actions = {a["alias"]: a for a in admin.get(f"{base}/required-actions").json()}
        assert set(actions) == {
            "CONFIGURE_TOTP",
            "UPDATE_PASSWORD",
            "UPDATE_PROFILE",
            "VERIFY_EMAIL",
            "terms_and_conditions",
        }
        assert actions["terms_and_conditions"]["enabled"] is False
        realm = admin.get(f"/admin/realms/{name}").json()
        assert realm["browserFlow"] == "browser" and realm["firstBrokerLoginFlow"] == "first broker login"
        # the docker auth flow the old export lacks is seeded
        assert "docker auth" in flows
    finally:
        admin.delete(f"/admin/realms/{name}")


def test_an_export_without_flows_gets_the_builtin_ones(admin: httpx.Client) -> None:
    rep = json.loads((DATA / "keycloak-client-testrealm-keycloak-6146.json").read_text())
    name = unique("plain")
    rep["realm"], rep["id"] = name, name
    assert _import(admin, rep).status_code == 201
    try:
        flows = admin.get(f"/admin/realms/{name}/authentication/flows").json()
        assert len(flows) == 7
        assert len(admin.get(f"/admin/realms/{name}/authentication/required-actions").json()) == 11
    finally:
        admin.delete(f"/admin/realms/{name}")


def test_bindings_and_overrides_must_name_real_flows(admin: httpx.Client) -> None:
    name = unique("bound")
    missing = _import(admin, {"realm": name, "browserFlow": "my browser"})
    assert missing.status_code == 400
    assert missing.json()["errorMessage"] == "browserFlow: flow my browser does not exist"
    assert admin.get(f"/admin/realms/{name}").status_code == 404
    override = _import(
        admin,
        {
            "realm": name,
            "clients": [{"clientId": "app", "authenticationFlowBindingOverrides": {"browser": "nope"}}],
        },
    )
    assert override.status_code == 400
    assert "flow nope does not exist" in override.json()["errorMessage"]
    flows = [
        {
            "id": "custom-browser-id",
            "alias": "my browser",
            "description": "",
            "providerId": "basic-flow",
            "topLevel": True,
            "builtIn": False,
            "authenticationExecutions": [
                {"authenticator": "auth-cookie", "requirement": "ALTERNATIVE", "priority": 10},
                {
                    "authenticatorFlow": True,
                    "flowAlias": "my forms",
                    "requirement": "ALTERNATIVE",
                    "priority": 20,
                },
            ],
        },
        {
            "alias": "my forms",
            "providerId": "basic-flow",
            "topLevel": False,
            "authenticationExecutions": [
                {
                    "authenticator": "identity-provider-redirector",
                    "requirement": "REQUIRED",
                    "priority": 10,
                    "authenticatorConfig": "to corp",
                }
            ],
        },
    ]
    made = _import(
        admin,
        {
            "realm": name,
            "browserFlow": "my browser",
            "authenticationFlows": flows,
            "authenticatorConfig": [{"alias": "to corp", "config": {"defaultProvider": "corp"}}],
            "clients": [
                {"clientId": "app", "authenticationFlowBindingOverrides": {"browser": "custom-browser-id"}}
            ],
        },
    )
    assert made.status_code == 201, made.text
    try:
        rows = admin.get(f"/admin/realms/{name}/authentication/flows/my browser/executions").json()
        assert [(r["displayName"], r["level"]) for r in rows] == [
            ("Cookie", 0),
            ("my forms", 0),
            ("Identity Provider Redirector", 1),
        ]
        assert rows[2]["alias"] == "to corp"
        aliases = {f["alias"] for f in admin.get(f"/admin/realms/{name}/authentication/flows").json()}
        assert aliases >= {"my browser", "browser", "direct grant", "clients"}
        client = admin.get(f"/admin/realms/{name}/clients", params={"clientId": "app"}).json()[0]
        flow_id = rows and admin.get(f"/admin/realms/{name}/authentication/flows").json()
        browser_id = next(f["id"] for f in flow_id if f["alias"] == "my browser")
        assert client["authenticationFlowBindingOverrides"] == {"browser": browser_id}
        assert admin.get(f"/admin/realms/{name}").json()["browserFlow"] == "my browser"
    finally:
        admin.delete(f"/admin/realms/{name}")
    broken = _import(
        admin,
        {"realm": name, "authenticationFlows": [{**flows[0], "alias": "x"}]},
    )
    assert broken.status_code == 400
    assert broken.json()["errorMessage"] == "authenticationFlows: flow x: sub-flow my forms does not exist"
