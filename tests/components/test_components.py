"""Components: CRUD through python-keycloak, Keycloak's list filters, faithful storage of any provider
type, secrets masked and sealed, sub-component types, failures and rights."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from keycloak import KeycloakAdmin

from models import Component
from tests.support import RunningServer

KEY_PROVIDER = "org.keycloak.keys.KeyProvider"
POLICY = "org.keycloak.services.clientregistration.policy.ClientRegistrationPolicy"
STORAGE = "org.keycloak.storage.UserStorageProvider"


def test_new_realm_has_keycloaks_key_providers(kc: KeycloakAdmin, realm: str) -> None:
    found = kc.get_components({"type": KEY_PROVIDER})
    assert sorted(c["providerId"] for c in found) == [
        "aes-generated",
        "hmac-generated",
        "rsa-enc-generated",
        "rsa-generated",
    ]
    by_id = {c["providerId"]: c for c in found}
    assert all(c["parentId"] == realm or c["parentId"] for c in found)
    assert by_id["rsa-generated"]["config"]["priority"] == ["100"]
    assert by_id["rsa-generated"]["config"]["privateKey"] == ["**********"]
    assert by_id["rsa-generated"]["config"]["certificate"][0].startswith("MII")
    assert by_id["hmac-generated"]["config"]["algorithm"] == ["HS512"]
    assert by_id["hmac-generated"]["config"]["secret"] == ["**********"]


def test_crud_of_any_type_through_python_keycloak(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    policy = {
        "name": "Trusted Hosts",
        "providerId": "trusted-hosts",
        "providerType": POLICY,
        "subType": "anonymous",
        "config": {"host-sending-registration-request-must-match": ["true"], "trusted-hosts": ["a", "b"]},
    }
    component_id = kc.create_component(policy)
    got = kc.get_component(component_id)
    assert got["name"] == "Trusted Hosts" and got["subType"] == "anonymous" and got["providerType"] == POLICY
    assert got["config"]["trusted-hosts"] == ["a", "b"]
    parent = got["parentId"]
    assert [c["id"] for c in kc.get_components({"type": POLICY})] == [component_id]
    assert [
        c["id"] for c in kc.get_components({"parent": parent, "type": POLICY, "name": "Trusted Hosts"})
    ] == [component_id]
    assert kc.get_components({"type": POLICY, "name": "nope"}) == []
    kc.update_component(component_id, {**got, "config": {"trusted-hosts": ["c"]}})
    assert kc.get_component(component_id)["config"] == {"trusted-hosts": ["c"]}
    assert admin.get(f"/admin/realms/{realm}/components/{component_id}/sub-component-types").json() == []
    kc.delete_component(component_id)
    missing = admin.get(f"/admin/realms/{realm}/components/{component_id}")
    assert missing.status_code == 404 and "Could not find component" in missing.text


async def _stored_config(component_id: str) -> dict[str, object]:
    return dict((await Component.get(id=component_id)).config)


def test_secrets_are_masked_and_sealed(server: RunningServer, admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/components"
    ldap = {
        "name": "ldap",
        "providerId": "ldap",
        "providerType": STORAGE,
        "config": {"bindDn": ["cn=admin"], "bindCredential": ["hunter2"]},
    }
    made = admin.post(base, json=ldap)
    assert made.status_code == 201 and made.headers["Location"].startswith(f"{server.base_url}{base}/")
    component_id = made.headers["Location"].rsplit("/", 1)[1]
    shown = admin.get(f"{base}/{component_id}").json()
    assert shown["config"]["bindCredential"] == ["**********"] and shown["config"]["bindDn"] == ["cn=admin"]
    stored = server.run(_stored_config(component_id))
    assert "hunter2" not in str(stored) and "sealed" in str(stored["bindCredential"])
    # The masked value given back keeps the stored secret.
    assert admin.put(f"{base}/{component_id}", json=shown).status_code == 204
    assert server.run(_stored_config(component_id))["bindCredential"] == stored["bindCredential"]
    assert "hunter2" not in admin.get(base).text


def test_documented_failures(
    admin: httpx.Client, realm: str, caller_with: Callable[..., httpx.Client]
) -> None:
    base = f"/admin/realms/{realm}/components"
    assert admin.post(base, json={"name": "x", "providerType": POLICY}).status_code == 400
    assert (
        admin.post(
            base, json={"name": "x", "providerId": "p", "providerType": POLICY, "config": []}
        ).status_code
        == 400
    )
    assert admin.post(base, json={"providerId": "nope", "providerType": KEY_PROVIDER}).status_code == 400
    bad = admin.post(
        base,
        json={"providerId": "rsa-generated", "providerType": KEY_PROVIDER, "config": {"priority": ["x"]}},
    )
    assert bad.status_code == 400
    assert admin.put(f"{base}/missing", json={}).status_code == 404
    assert admin.delete(f"{base}/missing").status_code == 404
    assert admin.get(f"{base}/missing/sub-component-types").status_code == 404
    viewer = caller_with("view-realm")
    assert viewer.get(base).status_code == 200
    assert viewer.post(base, json={"name": "x", "providerId": "p", "providerType": POLICY}).status_code == 403
    assert caller_with("view-users").get(base).status_code == 403
