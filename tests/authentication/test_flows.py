"""Authentication flows through python-keycloak: the built-in flows a realm is seeded with, create, read,
update, copy, delete, and Keycloak's refusals."""

from __future__ import annotations

import httpx
import pytest
from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakDeleteError, KeycloakGetError, KeycloakPostError

TOP_LEVEL = {
    "browser",
    "clients",
    "direct grant",
    "docker auth",
    "first broker login",
    "registration",
    "reset credentials",
}


def test_a_new_realm_has_keycloak_24_builtin_flows(kc: KeycloakAdmin) -> None:
    flows = {f["alias"]: f for f in kc.get_authentication_flows()}
    assert set(flows) == TOP_LEVEL
    browser = flows["browser"]
    assert browser["builtIn"] is True and browser["topLevel"] is True
    assert browser["providerId"] == "basic-flow"
    assert browser["description"] == "browser based authentication"
    assert [
        (e.get("authenticator"), e.get("flowAlias"), e["requirement"], e["priority"])
        for e in browser["authenticationExecutions"]
    ] == [
        ("auth-cookie", None, "ALTERNATIVE", 10),
        ("auth-spnego", None, "DISABLED", 20),
        ("identity-provider-redirector", None, "ALTERNATIVE", 25),
        (None, "forms", "ALTERNATIVE", 30),
    ]
    assert flows["clients"]["providerId"] == "client-flow"
    registration = flows["registration"]["authenticationExecutions"][0]
    assert registration["authenticator"] == "registration-page-form"
    assert registration["flowAlias"] == "registration form"
    assert registration["userSetupAllowed"] is False


def test_the_browser_flow_executions_are_the_flattened_tree(kc: KeycloakAdmin) -> None:
    rows = kc.get_authentication_flow_executions("browser")
    shape = [(r["displayName"], r["level"], r["index"], r["requirement"], r["priority"]) for r in rows]
    assert shape == [
        ("Cookie", 0, 0, "ALTERNATIVE", 10),
        ("Kerberos", 0, 1, "DISABLED", 20),
        ("Identity Provider Redirector", 0, 2, "ALTERNATIVE", 25),
        ("forms", 0, 3, "ALTERNATIVE", 30),
        ("Username Password Form", 1, 0, "REQUIRED", 10),
        ("Browser - Conditional OTP", 1, 1, "CONDITIONAL", 20),
        ("Condition - user configured", 2, 0, "REQUIRED", 10),
        ("OTP Form", 2, 1, "REQUIRED", 20),
    ]
    forms = rows[3]
    assert forms["authenticationFlow"] is True and forms["configurable"] is False
    assert forms["requirementChoices"] == ["REQUIRED", "ALTERNATIVE", "DISABLED", "CONDITIONAL"]
    assert forms["description"] == "Username, password, otp and other auth forms."
    assert "providerId" not in forms and forms["flowId"]
    redirector = rows[2]
    assert redirector["providerId"] == "identity-provider-redirector"
    assert redirector["configurable"] is True and "authenticationFlow" not in redirector
    assert rows[4]["requirementChoices"] == ["REQUIRED"]
    review = kc.get_authentication_flow_executions("first broker login")[0]
    config = kc.get_authenticator_config(review["authenticationConfig"])
    assert config["alias"] == review["alias"] == "review profile config"
    assert config["config"] == {"update.profile.on.first.login": "missing"}


def test_the_realm_binds_the_builtin_flows(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    rep = admin.get(f"/admin/realms/{realm}").json()
    assert rep["browserFlow"] == "browser"
    assert rep["directGrantFlow"] == "direct grant"
    assert rep["clientAuthenticationFlow"] == "clients"
    assert rep["firstBrokerLoginFlow"] == "first broker login"


def test_flow_create_read_update_delete(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/authentication/flows"
    created = admin.post(base, json={"alias": "my flow", "providerId": "basic-flow", "topLevel": True})
    assert created.status_code == 201
    flow_id = created.headers["Location"].rsplit("/", 1)[1]
    assert created.headers["Location"].endswith(f"{base}/{flow_id}")
    flow = kc.get_authentication_flow_for_id(flow_id)
    assert flow == {
        "id": flow_id,
        "alias": "my flow",
        "description": "",
        "providerId": "basic-flow",
        "topLevel": True,
        "builtIn": False,
        "authenticationExecutions": [],
    }
    duplicate = admin.post(base, json={"alias": "my flow", "providerId": "basic-flow", "topLevel": True})
    assert duplicate.status_code == 409
    assert duplicate.json() == {"errorMessage": "Flow my flow already exists"}
    kc.update_authentication_flow(flow_id, {"alias": "renamed", "description": "mine"})
    assert kc.get_authentication_flow_for_id(flow_id)["alias"] == "renamed"
    kc.delete_authentication_flow(flow_id)
    missing = admin.get(f"{base}/{flow_id}")
    assert missing.status_code == 404
    assert missing.json()["error"] == "Could not find flow with id"


def test_a_builtin_flow_cannot_be_deleted(kc: KeycloakAdmin) -> None:
    browser = next(f for f in kc.get_authentication_flows() if f["alias"] == "browser")
    with pytest.raises(KeycloakDeleteError) as refused:
        kc.delete_authentication_flow(browser["id"])
    assert refused.value.response_code == 400
    assert b"Can't delete built in flow" in (refused.value.response_body or b"")


def test_copying_a_flow_copies_its_subflows_and_configs(
    kc: KeycloakAdmin, admin: httpx.Client, realm: str
) -> None:
    kc.copy_authentication_flow({"newName": "my broker"}, "first broker login")
    copy = next(f for f in kc.get_authentication_flows() if f["alias"] == "my broker")
    assert copy["builtIn"] is False and copy["topLevel"] is True
    rows = kc.get_authentication_flow_executions("my broker")
    original = kc.get_authentication_flow_executions("first broker login")
    assert [(r["level"], r["requirement"], r.get("providerId")) for r in rows] == [
        (r["level"], r["requirement"], r.get("providerId")) for r in original
    ]
    assert rows[1]["displayName"] == "my broker User creation or linking"
    assert rows[0]["alias"] == "my broker review profile config"
    assert rows[0]["authenticationConfig"] != original[0]["authenticationConfig"]
    again = admin.post(
        f"/admin/realms/{realm}/authentication/flows/browser/copy", json={"newName": "my broker"}
    )
    assert again.status_code == 409
    assert again.json() == {"errorMessage": "New flow alias name already exists"}
    with pytest.raises(KeycloakPostError) as missing:
        kc.copy_authentication_flow({"newName": "other"}, "no such flow")
    assert missing.value.response_code == 404
    # a copy that is not bound may be deleted, and takes its sub-flows with it
    kc.delete_authentication_flow(copy["id"])
    all_flows = admin.get(f"/admin/realms/{realm}/authentication/flows").json()
    assert "my broker" not in {f["alias"] for f in all_flows}
    with pytest.raises(KeycloakGetError):
        kc.get_authenticator_config(rows[0]["authenticationConfig"])


def test_a_bound_flow_cannot_be_deleted_and_renaming_keeps_the_binding(
    kc: KeycloakAdmin, admin: httpx.Client, realm: str
) -> None:
    kc.copy_authentication_flow({"newName": "my browser"}, "browser")
    copy = next(f for f in kc.get_authentication_flows() if f["alias"] == "my browser")
    assert admin.put(f"/admin/realms/{realm}", json={"browserFlow": "my browser"}).status_code == 204
    refused = admin.delete(f"/admin/realms/{realm}/authentication/flows/{copy['id']}")
    assert refused.status_code == 400
    kc.update_authentication_flow(copy["id"], {"alias": "renamed browser", "description": "x"})
    assert admin.get(f"/admin/realms/{realm}").json()["browserFlow"] == "renamed browser"
