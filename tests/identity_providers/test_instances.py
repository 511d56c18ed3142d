"""Identity providers: CRUD through python-keycloak, the secret masked and sealed, mappers, mapper types,
permissions, export, provider factories, config import, users' links, rights."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx
from keycloak import KeycloakAdmin

from tests.support import RunningServer, unique

OIDC = {
    "alias": "upstream",
    "providerId": "oidc",
    "displayName": "Upstream",
    "config": {"clientId": "broker", "clientSecret": "s3cret", "authorizationUrl": "https://up/auth"},
}


def test_crud_through_python_keycloak(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    kc.create_idp(OIDC)
    found = kc.get_idp("upstream")
    assert found["alias"] == "upstream" and found["providerId"] == "oidc" and found["enabled"] is True
    assert found["config"]["clientSecret"] == "**********"
    assert found["firstBrokerLoginFlowAlias"] == "first broker login" and found["trustEmail"] is False
    assert [p["alias"] for p in kc.get_idps()] == ["upstream"]
    kc.update_idp("upstream", {**found, "trustEmail": True})
    again = kc.get_idp("upstream")
    assert again["trustEmail"] is True and again["internalId"] == found["internalId"]
    kc.delete_idp("upstream")
    assert kc.get_idps() == []
    missing = admin.get(f"/admin/realms/{realm}/identity-provider/instances/upstream")
    assert missing.status_code == 404


def test_create_answers_location_and_refuses_duplicates_and_bad_input(
    admin: httpx.Client, realm: str
) -> None:
    base = f"/admin/realms/{realm}/identity-provider/instances"
    response = admin.post(base, json=OIDC)
    assert response.status_code == 201 and response.headers["Location"].endswith(f"{base}/upstream")
    again = admin.post(base, json=OIDC)
    assert again.status_code == 409
    assert again.json()["errorMessage"] == "Identity Provider upstream already exists"
    unknown = admin.post(base, json={"alias": "x", "providerId": "nope"})
    assert (
        unknown.status_code == 400 and unknown.json()["errorMessage"] == "Invalid identity provider id [nope]"
    )
    reserved = admin.post(base, json={"alias": "a/b", "providerId": "oidc"})
    assert reserved.status_code == 400 and reserved.json()["errorMessage"] == "Character '/' not allowed."
    flow = admin.post(base, json={"alias": "y", "providerId": "oidc", "firstBrokerLoginFlowAlias": "none"})
    assert flow.status_code == 400


def test_the_list_filters_and_pages(admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/identity-provider/instances"
    for alias in ("alpha", "beta", "alphabet"):
        assert admin.post(base, json={"alias": alias, "providerId": "github"}).status_code == 201
    assert [p["alias"] for p in admin.get(base, params={"search": "alp"}).json()] == ["alpha", "alphabet"]
    assert [p["alias"] for p in admin.get(base, params={"search": '"alpha"'}).json()] == ["alpha"]
    assert [p["alias"] for p in admin.get(base, params={"search": "*ph*"}).json()] == ["alpha", "alphabet"]
    assert [p["alias"] for p in admin.get(base, params={"first": 1, "max": 1}).json()] == ["alphabet"]
    brief = admin.get(base, params={"briefRepresentation": "true"}).json()[0]
    assert set(brief) <= {"alias", "displayName", "internalId", "providerId", "enabled"}


def test_the_secret_is_sealed_kept_when_masked_and_masked_in_events(admin: httpx.Client, realm: str) -> None:
    assert (
        admin.put(
            f"/admin/realms/{realm}", json={"adminEventsEnabled": True, "adminEventsDetailsEnabled": True}
        ).status_code
        == 204
    )
    base = f"/admin/realms/{realm}/identity-provider/instances"
    assert admin.post(base, json=OIDC).status_code == 201
    rep = admin.get(f"{base}/upstream").json()
    assert admin.put(f"{base}/upstream", json=rep).status_code == 204
    events = admin.get(
        f"/admin/realms/{realm}/admin-events", params={"resourceTypes": "IDENTITY_PROVIDER"}
    ).json()
    assert events and all("s3cret" not in (e.get("representation") or "") for e in events)
    assert "**********" in events[0]["representation"]


async def _stored(realm: str) -> dict[str, object]:
    from models import IdentityProvider

    return (await IdentityProvider.get(alias="upstream", realm__name=realm)).settings


def test_the_secret_is_sealed_at_rest(admin: httpx.Client, realm: str, server: RunningServer) -> None:
    base = f"/admin/realms/{realm}/identity-provider/instances"
    assert admin.post(base, json=OIDC).status_code == 201
    stored = json.dumps(server.run(_stored(realm)))
    assert "s3cret" not in stored and "sealed" in stored


def test_mappers_and_mapper_types(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    kc.create_idp(OIDC)
    mapper = {
        "name": "email",
        "identityProviderAlias": "upstream",
        "identityProviderMapper": "oidc-user-attribute-idp-mapper",
        "config": {"claim": "email", "user.attribute": "email", "syncMode": "INHERIT"},
    }
    kc.add_mapper_to_idp("upstream", mapper)
    listed = kc.get_idp_mappers("upstream")
    assert [(m["name"], m["identityProviderMapper"]) for m in listed] == [
        ("email", "oidc-user-attribute-idp-mapper")
    ]
    mapper_id = listed[0]["id"]
    kc.update_mapper_in_idp("upstream", mapper_id, {**listed[0], "config": {"claim": "mail"}})
    base = f"/admin/realms/{realm}/identity-provider/instances/upstream"
    assert admin.get(f"{base}/mappers/{mapper_id}").json()["config"] == {"claim": "mail"}
    wrong = admin.post(
        f"{base}/mappers", json={**mapper, "name": "saml", "identityProviderMapper": "saml-role-idp-mapper"}
    )
    assert wrong.status_code == 400
    assert wrong.json()["errorMessage"] == "Failed to add mapper 'saml' to identity provider [oidc]."
    types = admin.get(f"{base}/mapper-types").json()
    assert "oidc-role-idp-mapper" in types and "saml-role-idp-mapper" not in types
    assert types["hardcoded-role-idp-mapper"]["category"] == "Role Importer"
    assert admin.delete(f"{base}/mappers/{mapper_id}").status_code == 204
    assert admin.get(f"{base}/mappers/{mapper_id}").status_code == 404


def test_permissions_export_reload_and_factories(admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/identity-provider"
    assert admin.post(f"{base}/instances", json=OIDC).status_code == 201
    assert admin.post(f"{base}/instances", json={"alias": "corp", "providerId": "saml"}).status_code == 201
    perms = f"{base}/instances/upstream/management/permissions"
    assert admin.get(perms).json() == {"enabled": False}
    on = admin.put(perms, json={"enabled": True}).json()
    assert on["enabled"] is True and set(on["scopePermissions"]) == {"token-exchange"}
    assert admin.get(f"{base}/instances/upstream/export").status_code == 204
    saml = admin.get(f"{base}/instances/corp/export")
    assert saml.status_code == 200 and "SPSSODescriptor" in saml.text and "/broker/corp/endpoint" in saml.text
    assert admin.get(f"{base}/instances/upstream/reload-keys").json() is False
    assert admin.get(f"{base}/providers/oidc").json() == {"id": "oidc", "name": "OpenID Connect v1.0"}
    assert admin.get(f"{base}/providers/nope").status_code == 400


SAML_METADATA = (Path(__file__).parent.parent / "data" / "idp-saml-metadata.xml").read_text()


def test_import_config_from_documents_and_no_fetch(admin: httpx.Client, realm: str) -> None:
    url = f"/admin/realms/{realm}/identity-provider/import-config"
    discovery = {
        "issuer": "https://op.example",
        "authorization_endpoint": "https://op.example/auth",
        "token_endpoint": "https://op.example/token",
        "jwks_uri": "https://op.example/jwks",
    }
    got = admin.post(url, files={"providerId": (None, "oidc"), "file": ("d.json", json.dumps(discovery))})
    assert got.status_code == 200, got.text
    assert got.json() == {
        "issuer": "https://op.example",
        "authorizationUrl": "https://op.example/auth",
        "tokenUrl": "https://op.example/token",
        "jwksUrl": "https://op.example/jwks",
        "validateSignature": "true",
        "useJwksUrl": "true",
    }
    saml = admin.post(url, json={"providerId": "saml", "file": SAML_METADATA})
    assert saml.status_code == 200, saml.text
    assert saml.json()["singleSignOnServiceUrl"] == "https://idp.example/sso"
    assert (
        saml.json()["postBindingAuthnRequest"] == "true"
        and saml.json()["idpEntityId"] == "https://idp.example/x"
    )
    fetch = admin.post(url, json={"providerId": "oidc", "fromUrl": "https://op.example/.well-known/x"})
    assert fetch.status_code == 400 and "fromUrl" in fetch.json()["errorMessage"]
    bomb = admin.post(url, json={"providerId": "saml", "file": '<!DOCTYPE x [<!ENTITY a "b">]><x/>'})
    assert bomb.status_code == 400


def test_federated_links_need_the_provider(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    user_id = kc.create_user({"username": "linked", "enabled": True})
    link = f"/admin/realms/{realm}/users/{user_id}/federated-identity/upstream"
    assert admin.post(link, json={"userId": "u1", "userName": "u"}).status_code == 404
    kc.create_idp(OIDC)
    assert admin.post(link, json={"userId": "u1", "userName": "u"}).status_code == 204
    rep = kc.get_idp("upstream")
    kc.update_idp("upstream", {**rep, "alias": "renamed"})
    links = admin.get(f"/admin/realms/{realm}/users/{user_id}/federated-identity").json()
    assert [item["identityProvider"] for item in links] == ["renamed"]
    kc.delete_idp("renamed")
    assert admin.get(f"/admin/realms/{realm}/users/{user_id}/federated-identity").json() == []


def test_rights(caller_with: Callable[..., httpx.Client], admin: httpx.Client, realm: str) -> None:
    base = f"/admin/realms/{realm}/identity-provider/instances"
    assert admin.post(base, json=OIDC).status_code == 201
    viewer = caller_with("view-identity-providers")
    assert viewer.get(base).status_code == 200
    assert viewer.post(base, json={**OIDC, "alias": "other"}).status_code == 403
    nobody = caller_with("view-users")
    assert nobody.get(f"{base}/upstream").status_code == 403


def test_a_realm_import_keeps_providers_and_mappers(admin: httpx.Client) -> None:
    name = unique("idpimport")
    rep = {
        "realm": name,
        "enabled": True,
        "identityProviders": [{**OIDC, "internalId": "idp-fixed-id"}],
        "identityProviderMappers": [
            {
                "id": "mapper-fixed-id",
                "name": "role",
                "identityProviderAlias": "upstream",
                "identityProviderMapper": "hardcoded-role-idp-mapper",
                "config": {"role": "offline_access"},
            }
        ],
        "localizationTexts": {"en": {"hello": "Hello"}},
        "clientProfiles": {"profiles": [{"name": "p", "executors": [{"executor": "pkce-enforcer"}]}]},
        "clientPolicies": {"policies": [{"name": "q", "enabled": True, "profiles": ["p"]}]},
    }
    assert admin.post("/admin/realms", json=rep).status_code == 201
    try:
        base = f"/admin/realms/{name}"
        found = admin.get(f"{base}/identity-provider/instances/upstream").json()
        assert found["internalId"] == "idp-fixed-id" and found["config"]["clientSecret"] == "**********"
        mappers = admin.get(f"{base}/identity-provider/instances/upstream/mappers").json()
        assert [(m["id"], m["name"]) for m in mappers] == [("mapper-fixed-id", "role")]
        assert admin.get(f"{base}/localization/en/hello").text == "Hello"
        assert admin.get(f"{base}/client-policies/policies").json() == rep["clientPolicies"]
    finally:
        admin.delete(f"/admin/realms/{name}")
    bad = {
        **rep,
        "realm": unique("idpbad"),
        "identityProviderMappers": [
            {
                "name": "m",
                "identityProviderAlias": "ghost",
                "identityProviderMapper": "hardcoded-role-idp-mapper",
            }
        ],
    }
    response = admin.post("/admin/realms", json=bad)
    assert response.status_code == 400 and "ghost" in response.json()["errorMessage"]
    assert admin.get(f"/admin/realms/{bad['realm']}").status_code == 404
