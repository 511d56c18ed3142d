"""Key providers: the keys they make, /keys as Keycloak lists them, rotation by priority, passive and
disabled keys, the realm's JWKS and Hydra's signing set following."""

from __future__ import annotations

import base64
from collections.abc import Callable

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from keycloak import KeycloakAdmin

from core import jwt
from tests.support import password_token, unique

KEY_PROVIDER = "org.keycloak.keys.KeyProvider"


def _provider(provider_id: str, priority: int, **config: str) -> dict[str, object]:
    settings = {"priority": [str(priority)], **{k: [v] for k, v in config.items()}}
    return {
        "name": unique(provider_id),
        "providerId": provider_id,
        "providerType": KEY_PROVIDER,
        "config": settings,
    }


def _user(admin: httpx.Client, realm: str) -> str:
    username = unique("u")
    made = admin.post(
        f"/admin/realms/{realm}/users",
        json={"username": username, "enabled": True, "credentials": [{"type": "password", "value": "pw"}]},
    )
    assert made.status_code == 201
    return username


def _kid(token: str) -> str:
    return str(jwt.unverified_header(token)["kid"])


def _userinfo(base_url: str, realm: str, token: str) -> int:
    url = f"{base_url}/realms/{realm}/protocol/openid-connect/userinfo"
    return httpx.get(url, headers={"Authorization": f"Bearer {token}"}).status_code


def _certs(base_url: str, realm: str) -> set[str]:
    found = httpx.get(f"{base_url}/realms/{realm}/protocol/openid-connect/certs").json()["keys"]
    return {k["kid"] for k in found}


def test_keys_lists_keycloaks_metadata(kc: KeycloakAdmin) -> None:
    found = kc.get_keys()
    assert set(found["active"]) == {"RS256", "RSA-OAEP", "HS512", "AES"}
    by_alg = {k["algorithm"]: k for k in found["keys"]}
    rs = by_alg["RS256"]
    assert (
        rs["type"] == "RSA"
        and rs["use"] == "SIG"
        and rs["status"] == "ACTIVE"
        and rs["providerPriority"] == 100
    )
    assert rs["publicKey"].startswith("MII") and rs["certificate"].startswith("MII") and rs["validTo"] > 0
    assert found["active"]["RS256"] == rs["kid"]
    assert (
        by_alg["RSA-OAEP"]["use"] == "ENC"
        and by_alg["HS512"]["type"] == "OCT"
        and "publicKey" not in by_alg["HS512"]
    )
    providers = {c["id"]: c["providerId"] for c in kc.get_components({"type": KEY_PROVIDER})}
    assert providers[rs["providerId"]] == "rsa-generated"


def test_each_provider_makes_its_key(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    private = rsa.generate_private_key(65537, 2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    made = {
        "ecdsa-generated": kc.create_component(
            _provider("ecdsa-generated", 10, ecdsaEllipticCurveKey="P-384")
        ),
        "hmac-generated": kc.create_component(_provider("hmac-generated", 10, algorithm="HS256")),
        "aes-generated": kc.create_component(_provider("aes-generated", 10, secretSize="32")),
        "rsa": kc.create_component(_provider("rsa", 10, privateKey=pem)),
    }
    keys = {k["providerId"]: k for k in kc.get_keys()["keys"]}
    assert (
        keys[made["ecdsa-generated"]]["algorithm"] == "ES384"
        and keys[made["ecdsa-generated"]]["type"] == "EC"
    )
    assert keys[made["hmac-generated"]]["algorithm"] == "HS256"
    assert keys[made["aes-generated"]]["algorithm"] == "AES"
    imported = keys[made["rsa"]]
    public = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert imported["publicKey"] == base64.b64encode(public).decode() and imported["certificate"]
    shown = kc.get_component(made["rsa"])["config"]
    assert shown["privateKey"] == ["**********"] and "BEGIN" not in str(shown)
    # A bad PEM is a 400, nothing kept.
    before = len(kc.get_components({"type": KEY_PROVIDER}))
    bad = admin.post(f"/admin/realms/{realm}/components", json=_provider("rsa", 10, privateKey="garbage"))
    assert bad.status_code == 400 and "private key" in bad.text
    assert len(kc.get_components({"type": KEY_PROVIDER})) == before
    # Deleting a provider removes its keys.
    kc.delete_component(made["rsa"])
    assert made["rsa"] not in {k["providerId"] for k in kc.get_keys()["keys"]}


def test_rotation_by_priority_passive_then_disabled(
    kc: KeycloakAdmin, admin: httpx.Client, base_url: str, realm: str
) -> None:
    username = _user(admin, realm)
    old_token = password_token(base_url, realm, username, "pw")
    old_kid = _kid(old_token)
    old_provider = next(k["providerId"] for k in kc.get_keys()["keys"] if k["kid"] == old_kid)

    new_provider = kc.create_component(_provider("rsa-generated", 200))
    new_kid = next(k["kid"] for k in kc.get_keys()["keys"] if k["providerId"] == new_provider)
    assert kc.get_keys()["active"]["RS256"] == new_kid
    new_token = password_token(base_url, realm, username, "pw")
    assert _kid(new_token) == new_kid
    assert _userinfo(base_url, realm, old_token) == 200 and _userinfo(base_url, realm, new_token) == 200
    assert {old_kid, new_kid} <= _certs(base_url, realm)

    old = kc.get_component(old_provider)
    kc.update_component(old_provider, {**old, "config": {**old["config"], "active": ["false"]}})
    statuses = {k["kid"]: k["status"] for k in kc.get_keys()["keys"]}
    assert statuses[old_kid] == "PASSIVE" and statuses[new_kid] == "ACTIVE"
    assert _userinfo(base_url, realm, old_token) == 200 and old_kid in _certs(base_url, realm)
    assert kc.get_component(old_provider)["config"]["privateKey"] == ["**********"]

    kc.update_component(old_provider, {**old, "config": {**old["config"], "enabled": ["false"]}})
    assert {k["kid"]: k["status"] for k in kc.get_keys()["keys"]}[old_kid] == "DISABLED"
    assert _userinfo(base_url, realm, old_token) == 401
    assert old_kid not in _certs(base_url, realm) and _userinfo(base_url, realm, new_token) == 200


def test_hydra_key_sets_follow(admin: httpx.Client, base_url: str) -> None:
    """Hydra's signing set and /.well-known/jwks.json (the OAuth2 engine's realm, master) show a key
    provider's key while it is enabled, passive or not, and not once it is disabled."""
    base = "/admin/realms/master/components"
    made = admin.post(base, json=_provider("rsa-generated", 5))
    assert made.status_code == 201
    component_id = made.headers["Location"].rsplit("/", 1)[1]
    try:
        kid = next(
            k["kid"]
            for k in admin.get("/admin/realms/master/keys").json()["keys"]
            if k["providerId"] == component_id
        )
        jwks = {k["kid"]: k for k in httpx.get(f"{base_url}/.well-known/jwks.json").json()["keys"]}
        assert kid in jwks and "d" not in jwks[kid] and jwks[kid]["x5c"]
        hydra_set = admin.get("/keys/hydra.openid.id-token").json()["keys"]
        assert kid in {k["kid"] for k in hydra_set}
        component = admin.get(f"{base}/{component_id}").json()
        disabled = {**component, "config": {**component["config"], "enabled": ["false"]}}
        assert admin.put(f"{base}/{component_id}", json=disabled).status_code == 204
        assert kid not in {k["kid"] for k in httpx.get(f"{base_url}/.well-known/jwks.json").json()["keys"]}
    finally:
        assert admin.delete(f"{base}/{component_id}").status_code == 204
    assert component_id not in {
        k["providerId"] for k in admin.get("/admin/realms/master/keys").json()["keys"]
    }


def test_rights_and_failures(
    admin: httpx.Client, realm: str, caller_with: Callable[..., httpx.Client]
) -> None:
    assert caller_with("view-realm").get(f"/admin/realms/{realm}/keys").status_code == 200
    assert caller_with("view-users").get(f"/admin/realms/{realm}/keys").status_code == 403
    assert admin.get("/admin/realms/nowhere/keys").status_code == 404
    base = f"/admin/realms/{realm}/components"
    for bad in (
        _provider("rsa-generated", 1, keySize="123"),
        _provider("rsa-generated", 1, algorithm="ES256"),
        _provider("ecdsa-generated", 1, ecdsaEllipticCurveKey="P-1"),
        _provider("rsa", 1),
        _provider("rsa-generated", 1, active="maybe"),
    ):
        assert admin.post(base, json=bad).status_code == 400, bad
