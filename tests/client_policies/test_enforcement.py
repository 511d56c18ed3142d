"""Client policy executors on a client's admin create and update: PKCE enforcement with and without
auto-configure, secret rotation's expiry times and rotation on update, conditions deciding which
clients a policy reaches, and Keycloak's ``invalid_client_metadata`` refusal, nothing written."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakPostError, KeycloakPutError

from tests.support import unique


def _policies(
    admin: httpx.Client, realm: str, executors: list[dict[str, Any]], conditions: list[Any]
) -> None:
    base = f"/admin/realms/{realm}/client-policies"
    profiles = {"profiles": [{"name": "enforced", "executors": executors}]}
    assert admin.put(f"{base}/profiles", json=profiles).status_code == 204
    policy = {"name": "p", "enabled": True, "conditions": conditions, "profiles": ["enforced"]}
    assert admin.put(f"{base}/policies", json={"policies": [policy]}).status_code == 204


ANY = [{"condition": "any-client", "configuration": {}}]


def test_pkce_enforcer_refuses_without_s256(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    _policies(
        admin, realm, [{"executor": "pkce-enforcer", "configuration": {"auto-configure": "false"}}], ANY
    )
    client_id = unique("app")
    with pytest.raises(KeycloakPostError) as refused:
        kc.create_client({"clientId": client_id})
    assert refused.value.response_code == 400
    assert refused.value.response_body is not None
    body = httpx.Response(400, content=refused.value.response_body).json()
    assert body == {
        "error": "invalid_client_metadata",
        "error_description": "Invalid client metadata: code_challenge_method",
    }
    assert kc.get_client_id(client_id) is None
    made = kc.create_client({"clientId": client_id, "attributes": {"pkce.code.challenge.method": "S256"}})
    with pytest.raises(KeycloakPutError) as update_refused:
        kc.update_client(made, {"attributes": {"pkce.code.challenge.method": "plain"}})
    assert update_refused.value.response_code == 400
    assert kc.get_client(made)["attributes"]["pkce.code.challenge.method"] == "S256"


def test_pkce_enforcer_auto_configures(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    _policies(admin, realm, [{"executor": "pkce-enforcer", "configuration": {"auto-configure": "true"}}], ANY)
    made = kc.create_client({"clientId": unique("app")})
    assert kc.get_client(made)["attributes"]["pkce.code.challenge.method"] == "S256"
    kc.update_client(made, {"attributes": {"pkce.code.challenge.method": "plain"}})
    assert kc.get_client(made)["attributes"]["pkce.code.challenge.method"] == "S256"


def test_conditions_choose_the_clients(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    public_only = [{"condition": "client-access-type", "configuration": {"type": ["public"]}}]
    _policies(admin, realm, [{"executor": "pkce-enforcer", "configuration": {}}], public_only)
    assert kc.create_client({"clientId": unique("confidential")})
    with pytest.raises(KeycloakPostError):
        kc.create_client({"clientId": unique("public"), "publicClient": True})
    negated = [
        {"condition": "client-access-type", "configuration": {"type": ["public"], "is-negative-logic": True}}
    ]
    _policies(admin, realm, [{"executor": "pkce-enforcer", "configuration": {}}], negated)
    assert kc.create_client({"clientId": unique("public"), "publicClient": True})
    # A disabled policy reaches no client.
    base = f"/admin/realms/{realm}/client-policies/policies"
    off = {"name": "p", "enabled": False, "conditions": ANY, "profiles": ["enforced"]}
    assert admin.put(base, json={"policies": [off]}).status_code == 204
    assert kc.create_client({"clientId": unique("confidential")})


def test_secret_rotation_stamps_and_rotates(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    config = {
        "expiration-period": "3600",
        "remaining-rotation-period": "600",
        "rotated-expiration-period": "60",
    }
    _policies(admin, realm, [{"executor": "secret-rotation", "configuration": config}], ANY)
    made = kc.create_client({"clientId": unique("app")})
    attributes = kc.get_client(made)["attributes"]
    created = int(attributes["client.secret.creation.time"])
    assert abs(created - time.time()) < 120
    assert int(attributes["client.secret.expiration.time"]) == created + 3600
    secret = kc.get_client_secrets(made)["value"]
    # An update far from expiry keeps the secret.
    kc.update_client(made, {"description": "still fresh"})
    assert kc.get_client_secrets(made)["value"] == secret
    # An update within remaining-rotation-period of expiry rotates it; the old one stays as rotated.
    soon = {**attributes, "client.secret.expiration.time": str(int(time.time()) + 60)}
    kc.update_client(made, {"attributes": soon})
    new_secret = kc.get_client_secrets(made)["value"]
    assert new_secret != secret
    rotated = admin.get(f"/admin/realms/{realm}/clients/{made}/client-secret/rotated").json()
    assert rotated["value"] == secret
    after = kc.get_client(made)["attributes"]
    assert int(after["client.secret.expiration.time"]) == int(after["client.secret.creation.time"]) + 3600
    # Regenerating rotates too: the previous secret stays as the rotated one, the new one is stamped.
    regenerated = kc.generate_client_secrets(made)["value"]
    assert (
        admin.get(f"/admin/realms/{realm}/clients/{made}/client-secret/rotated").json()["value"] == new_secret
    )
    stamped = kc.get_client(made)["attributes"]
    assert int(stamped["client.secret.expiration.time"]) == int(stamped["client.secret.creation.time"]) + 3600
    assert regenerated not in (new_secret, secret)
    # Public clients have no secret to rotate.
    public = kc.create_client({"clientId": unique("public"), "publicClient": True})
    assert "client.secret.creation.time" not in kc.get_client(public).get("attributes", {})
