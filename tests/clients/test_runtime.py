"""A client's service account, sessions, nodes, revocation push, permissions and adapter configuration."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
from keycloak import KeycloakAdmin

from tests.support import password_token


def test_service_account_user_and_its_roles_in_tokens(
    kc: KeycloakAdmin, admin: httpx.Client, anonymous: httpx.Client, realm: str
) -> None:
    uuid = kc.create_client({"clientId": "robot", "serviceAccountsEnabled": True})
    user = kc.get_client_service_account_user(uuid)
    assert user["username"] == "service-account-robot" and user["enabled"] is True
    kc.create_realm_role({"name": "robot-role"})
    kc.assign_realm_roles(user["id"], [kc.get_realm_role("robot-role")])
    secret = kc.get_client_secrets(uuid)["value"]
    response = anonymous.post(
        f"/realms/{realm}/protocol/openid-connect/token",
        data={"grant_type": "client_credentials", "client_id": "robot", "client_secret": secret},
    )
    assert response.status_code == 200
    introspected = anonymous.post(
        f"/realms/{realm}/protocol/openid-connect/token/introspect",
        data={"token": response.json()["access_token"], "client_id": "robot", "client_secret": secret},
    ).json()
    assert "robot-role" in introspected["realm_access"]["roles"]
    plain = kc.create_client({"clientId": "no-robot"})
    refused = admin.get(f"/admin/realms/{realm}/clients/{plain}/service-account-user")
    assert refused.status_code == 400
    assert refused.json()["errorMessage"] == "Service account not enabled for the client 'no-robot'"
    assert admin.get(f"/admin/realms/{realm}/clients/missing/service-account-user").status_code == 404


def test_sessions_of_a_client(kc: KeycloakAdmin, admin: httpx.Client, base_url: str, realm: str) -> None:
    uuid = kc.create_client({"clientId": "app", "publicClient": True, "directAccessGrantsEnabled": True})
    kc.create_user({"username": "sam", "enabled": True, "credentials": [{"type": "password", "value": "pw"}]})
    base = f"/admin/realms/{realm}/clients/{uuid}"
    assert admin.get(base + "/session-count").json() == {"count": 0}
    password_token(base_url, realm, "sam", "pw", client_id="app")
    password_token(base_url, realm, "sam", "pw", client_id="app")
    assert admin.get(base + "/session-count").json() == {"count": 2}
    sessions = kc.get_client_all_sessions(uuid)
    assert [s["username"] for s in sessions] == ["sam", "sam"] and sessions[0]["clients"] == {uuid: "app"}
    assert len(admin.get(base + "/user-sessions", params={"first": 1, "max": 5}).json()) == 1
    assert admin.get(base + "/offline-session-count").json() == {"count": 0}
    assert admin.get(base + "/offline-sessions").json() == []
    assert admin.get(base + "/user-sessions", params={"max": "x"}).status_code == 400
    assert admin.get(f"/admin/realms/{realm}/clients/missing/session-count").status_code == 404


def test_nodes_and_revocation_push(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    uuid = kc.create_client({"clientId": "clustered"})
    base = f"/admin/realms/{realm}/clients/{uuid}"
    assert admin.get(base + "/test-nodes-available").json() == {"successRequests": [], "failedRequests": []}
    assert admin.post(base + "/nodes", json={"node": "10.0.0.1"}).status_code == 204
    assert set(kc.get_client(uuid)["registeredNodes"]) == {"10.0.0.1"}
    assert admin.post(base + "/nodes", json={}).status_code == 400
    kc.update_client(uuid, {"adminUrl": "https://app.example/admin"})
    assert admin.get(base + "/test-nodes-available").json()["failedRequests"] == ["10.0.0.1"]
    pushed = admin.post(base + "/push-revocation").json()
    assert pushed == {"successRequests": [], "failedRequests": ["https://app.example/admin"]}
    assert admin.delete(base + "/nodes/10.0.0.1").status_code == 204
    assert admin.delete(base + "/nodes/10.0.0.1").status_code == 404
    assert "registeredNodes" not in kc.get_client(uuid)
    events = admin.get(f"/admin/realms/{realm}/admin-events", params={"resourceTypes": "CLUSTER_NODE"}).json()
    assert {e["operationType"] for e in events} >= {"CREATE", "DELETE"}


def test_management_permissions(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    uuid = kc.create_client({"clientId": "fine", "attributes": {"a": "b"}})
    assert kc.get_client_management_permissions(uuid) == {"enabled": False}
    on = kc.update_client_management_permissions({"enabled": True}, uuid)
    assert on["enabled"] is True and set(on["scopePermissions"]) >= {"view", "manage", "configure"}
    assert kc.get_client(uuid)["attributes"] == {"a": "b"}
    kc.update_client(uuid, {"attributes": {"c": "d"}})
    assert kc.get_client_management_permissions(uuid)["enabled"] is True
    url = f"/admin/realms/{realm}/clients/{uuid}/management/permissions"
    assert admin.put(url, json={"enabled": "yes"}).status_code == 400
    assert admin.get(f"/admin/realms/{realm}/clients/missing/management/permissions").status_code == 404


def test_installation_providers(kc: KeycloakAdmin, admin: httpx.Client, base_url: str, realm: str) -> None:
    uuid = kc.create_client({"clientId": "adapter"})
    secret = kc.get_client_secrets(uuid)["value"]
    text = admin.get(
        f"/admin/realms/{realm}/clients/{uuid}/installation/providers/keycloak-oidc-keycloak-json"
    )
    assert text.status_code == 200 and text.headers["content-type"].startswith("application/json")
    assert text.text == (
        "{\n"
        f'  "realm" : "{realm}",\n'
        f'  "auth-server-url" : "{base_url}/",\n'
        '  "ssl-required" : "external",\n'
        '  "resource" : "adapter",\n'
        '  "credentials" : {\n'
        f'    "secret" : "{secret}"\n'
        "  },\n"
        '  "confidential-port" : 0\n'
        "}"
    )
    assert kc.get_client_installation_provider(uuid, "keycloak-oidc-keycloak-json")["resource"] == "adapter"
    public = kc.create_client({"clientId": "spa", "publicClient": True})
    kc.create_client_role(public, {"name": "reader"})
    spa = json.loads(
        admin.get(
            f"/admin/realms/{realm}/clients/{public}/installation/providers/keycloak-oidc-keycloak-json"
        ).text
    )
    assert (
        spa["public-client"] is True
        and "credentials" not in spa
        and spa["use-resource-role-mappings"] is True
    )
    jboss = admin.get(
        f"/admin/realms/{realm}/clients/{uuid}/installation/providers/keycloak-oidc-jboss-subsystem"
    )
    assert jboss.headers["content-type"].startswith("text/plain")
    assert jboss.text == (
        '<secure-deployment name="WAR MODULE NAME.war">\n'
        f"    <realm>{realm}</realm>\n"
        f"    <auth-server-url>{base_url}/</auth-server-url>\n"
        "    <ssl-required>EXTERNAL</ssl-required>\n"
        "    <resource>adapter</resource>\n"
        f'    <credential name="secret">{secret}</credential>\n'
        "</secure-deployment>\n"
    )
    unknown = admin.get(f"/admin/realms/{realm}/clients/{uuid}/installation/providers/nope")
    assert unknown.status_code == 404 and unknown.json()["error"] == "Unknown Provider"


def test_runtime_rights(caller_with: Callable[..., httpx.Client], kc: KeycloakAdmin, realm: str) -> None:
    uuid = kc.create_client({"clientId": "guarded", "serviceAccountsEnabled": True})
    base = f"/admin/realms/{realm}/clients/{uuid}"
    viewer = caller_with("view-clients")
    for path in ("/service-account-user", "/session-count", "/user-sessions", "/offline-session-count"):
        assert viewer.get(base + path).status_code == 200, path
    assert viewer.post(base + "/nodes", json={"node": "n"}).status_code == 403
    assert viewer.post(base + "/push-revocation").status_code == 403
    assert viewer.put(base + "/management/permissions", json={"enabled": True}).status_code == 403
    assert caller_with().get(base + "/session-count").status_code == 403
