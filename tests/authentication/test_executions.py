"""Executions of a flow: adding authenticators and sub-flows, requirement changes, priorities, deletion,
an execution's config, and the refusals for built-in flows."""

from __future__ import annotations

import httpx
import pytest
from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakPostError


def _my_flow(admin: httpx.Client, realm: str, alias: str = "custom") -> str:
    response = admin.post(
        f"/admin/realms/{realm}/authentication/flows",
        json={"alias": alias, "providerId": "basic-flow", "topLevel": True, "description": "d"},
    )
    assert response.status_code == 201, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


def test_adding_authenticators_and_subflows(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    _my_flow(admin, realm)
    added = admin.post(
        f"/admin/realms/{realm}/authentication/flows/custom/executions/execution",
        json={"provider": "auth-username-password-form"},
    )
    assert added.status_code == 201
    execution_id = added.headers["Location"].rsplit("/", 1)[1]
    assert added.headers["Location"].endswith(
        f"/admin/realms/{realm}/authentication/executions/{execution_id}"
    )
    kc.create_authentication_flow_execution({"provider": "auth-otp-form"}, "custom")
    kc.create_authentication_flow_subflow(
        {
            "alias": "custom sub",
            "type": "basic-flow",
            "provider": "registration-page-form",
            "description": "s",
        },
        "custom",
    )
    rows = kc.get_authentication_flow_executions("custom")
    assert [(r["displayName"], r["requirement"], r["priority"], r["level"]) for r in rows] == [
        ("Username Password Form", "REQUIRED", 0, 0),
        ("OTP Form", "DISABLED", 1, 0),
        ("custom sub", "DISABLED", 2, 0),
    ]
    assert rows[2]["description"] == "s" and "providerId" not in rows[2]
    execution = kc.get_authentication_flow_execution(execution_id)
    assert execution["authenticator"] == "auth-username-password-form"
    assert execution["requirement"] == "REQUIRED" and execution["required"] is True
    assert execution["authenticatorFlow"] is False
    unknown = admin.post(
        f"/admin/realms/{realm}/authentication/flows/custom/executions/execution", json={"provider": "nope"}
    )
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "No authentication provider found for id: nope"
    taken = admin.post(
        f"/admin/realms/{realm}/authentication/flows/custom/executions/flow",
        json={"alias": "browser", "type": "basic-flow"},
    )
    assert taken.status_code == 409


def test_builtin_flows_refuse_new_executions(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    with pytest.raises(KeycloakPostError) as refused:
        kc.create_authentication_flow_execution({"provider": "auth-otp-form"}, "browser")
    assert refused.value.response_code == 400
    body = admin.post(
        f"/admin/realms/{realm}/authentication/flows/browser/executions/flow",
        json={"alias": "x", "type": "basic-flow"},
    ).json()
    assert body["error"] == "It is illegal to add sub-flow to a built in flow"
    missing = admin.post(
        f"/admin/realms/{realm}/authentication/flows/nothing/executions/execution", json={"provider": "x"}
    )
    assert missing.status_code == 400
    cookie = kc.get_authentication_flow_executions("browser")[0]
    raised = admin.post(f"/admin/realms/{realm}/authentication/executions/{cookie['id']}/lower-priority")
    assert raised.status_code == 400
    assert raised.json()["error"] == "It is illegal to modify execution in a built in flow"


def test_a_copied_flow_takes_requirement_changes_and_moves(
    kc: KeycloakAdmin, admin: httpx.Client, realm: str
) -> None:
    kc.copy_authentication_flow({"newName": "otp browser"}, "browser")
    rows = kc.get_authentication_flow_executions("otp browser")
    conditional = next(r for r in rows if r["displayName"] == "otp browser Browser - Conditional OTP")
    kc.update_authentication_flow_executions(
        {"id": conditional["id"], "requirement": "REQUIRED"}, "otp browser"
    )
    rows = kc.get_authentication_flow_executions("otp browser")
    assert next(r for r in rows if r["id"] == conditional["id"])["requirement"] == "REQUIRED"
    bad = admin.put(
        f"/admin/realms/{realm}/authentication/flows/otp browser/executions",
        json={"id": conditional["id"], "requirement": "SOMETIMES"},
    )
    assert bad.status_code == 400
    gone = admin.put(
        f"/admin/realms/{realm}/authentication/flows/otp browser/executions",
        json={"id": "nope", "requirement": "REQUIRED"},
    )
    assert gone.status_code == 404
    spnego = rows[1]
    kc.change_execution_priority(spnego["id"], 1)
    top = [r["displayName"] for r in kc.get_authentication_flow_executions("otp browser") if r["level"] == 0]
    assert top == ["Kerberos", "Cookie", "Identity Provider Redirector", "otp browser forms"]
    kc.change_execution_priority(spnego["id"], -1)
    top = [r["displayName"] for r in kc.get_authentication_flow_executions("otp browser") if r["level"] == 0]
    assert top == ["Cookie", "Kerberos", "Identity Provider Redirector", "otp browser forms"]
    # renaming a sub-flow through the executions list
    forms = next(r for r in rows if r["displayName"] == "otp browser forms")
    kc.update_authentication_flow_executions(
        {**forms, "displayName": "my forms", "description": "new"}, "otp browser"
    )
    renamed = next(r for r in kc.get_authentication_flow_executions("otp browser") if r["id"] == forms["id"])
    assert renamed["displayName"] == "my forms" and renamed["description"] == "new"
    kc.delete_authentication_flow_execution(forms["id"])
    left = kc.get_authentication_flow_executions("otp browser")
    assert [r["displayName"] for r in left] == ["Cookie", "Kerberos", "Identity Provider Redirector"]
    flows = {f["alias"] for f in admin.get(f"/admin/realms/{realm}/authentication/flows").json()}
    assert "my forms" not in flows


def test_execution_config_create_read_update_delete(
    kc: KeycloakAdmin, admin: httpx.Client, realm: str
) -> None:
    _my_flow(admin, realm, "with config")
    kc.create_authentication_flow_execution({"provider": "identity-provider-redirector"}, "with config")
    execution = kc.get_authentication_flow_executions("with config")[0]
    response = admin.post(
        f"/admin/realms/{realm}/authentication/executions/{execution['id']}/config",
        json={"alias": "to idp", "config": {"defaultProvider": "corp", "empty": ""}},
    )
    assert response.status_code == 201
    config_id = response.headers["Location"].rsplit("/", 1)[1]
    assert f"/executions/{execution['id']}/config/{config_id}" in response.headers["Location"]
    assert kc.get_authenticator_config(config_id) == {
        "id": config_id,
        "alias": "to idp",
        "config": {"defaultProvider": "corp"},
    }
    legacy = admin.get(
        f"/admin/realms/{realm}/authentication/executions/{execution['id']}/config/{config_id}"
    )
    assert legacy.json()["alias"] == "to idp"
    row = kc.get_authentication_flow_executions("with config")[0]
    assert row["authenticationConfig"] == config_id and row["alias"] == "to idp"
    kc.update_authenticator_config({"alias": "to idp", "config": {"defaultProvider": "other"}}, config_id)
    assert kc.get_authenticator_config(config_id)["config"] == {"defaultProvider": "other"}
    no_alias = admin.post(
        f"/admin/realms/{realm}/authentication/executions/{execution['id']}/config", json={"config": {}}
    )
    assert no_alias.status_code == 400 and no_alias.json()["errorMessage"] == "Alias missing"
    kc.delete_authenticator_config(config_id)
    assert "authenticationConfig" not in kc.get_authentication_flow_executions("with config")[0]
    missing = admin.get(f"/admin/realms/{realm}/authentication/config/{config_id}")
    assert missing.status_code == 404 and missing.json()["error"] == "Could not find authenticator config"


def test_post_executions_and_post_config(admin: httpx.Client, realm: str) -> None:
    flow_id = _my_flow(admin, realm, "raw")
    base = f"/admin/realms/{realm}/authentication"
    made = admin.post(
        f"{base}/executions",
        json={"parentFlow": flow_id, "authenticator": "auth-cookie", "requirement": "ALTERNATIVE"},
    )
    assert made.status_code == 201
    execution_id = made.headers["Location"].rsplit("/", 1)[1]
    assert admin.get(f"{base}/executions/{execution_id}").json()["parentFlow"] == flow_id
    assert admin.post(f"{base}/executions", json={"authenticator": "auth-cookie"}).json()["error"] == (
        "parent flow not set on new execution"
    )
    config = admin.post(f"{base}/config", json={"alias": "standalone", "config": {"a": "b"}})
    assert config.status_code == 201
    config_id = config.headers["Location"].rsplit("/", 1)[1]
    assert admin.get(f"{base}/config/{config_id}").json()["config"] == {"a": "b"}
    assert admin.delete(f"{base}/executions/{execution_id}").status_code == 204
    assert admin.get(f"{base}/executions/{execution_id}").status_code == 404
