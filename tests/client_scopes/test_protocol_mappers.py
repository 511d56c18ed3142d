"""Protocol mappers of clients, client scopes and client templates."""

from __future__ import annotations

import httpx
import pytest
from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakPostError

HARDCODED = {
    "name": "tenant",
    "protocol": "openid-connect",
    "protocolMapper": "oidc-hardcoded-claim-mapper",
    "consentRequired": False,
    "config": {"claim.name": "tenant", "claim.value": "acme", "access.token.claim": "true"},
}


def test_client_mapper_crud(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    client = kc.create_client({"clientId": "app"})
    kc.add_mapper_to_client(client, HARDCODED)
    [mapper] = kc.get_mappers_from_client(client)
    assert {k: v for k, v in mapper.items() if k != "id"} == HARDCODED
    with pytest.raises(KeycloakPostError) as clash:
        kc.add_mapper_to_client(client, HARDCODED)
    assert clash.value.response_code == 409
    kc.update_client_mapper(
        client, mapper["id"], {**mapper, "config": {"claim.name": "org", "claim.value": "x"}}
    )
    base = f"/admin/realms/{realm}/clients/{client}/protocol-mappers"
    got = admin.get(f"{base}/models/{mapper['id']}").json()
    assert got["config"] == {"claim.name": "org", "claim.value": "x"}
    added = admin.post(
        f"{base}/add-models",
        json=[
            {**HARDCODED, "name": "one"},
            {
                **HARDCODED,
                "name": "two",
                "protocol": "saml",
                "protocolMapper": "saml-hardcode-attribute-mapper",
            },
        ],
    )
    assert added.status_code == 204
    assert [m["name"] for m in admin.get(f"{base}/models").json()] == ["tenant", "one", "two"]
    assert [m["name"] for m in admin.get(f"{base}/protocol/saml").json()] == ["two"]
    assert admin.post(f"{base}/add-models", json=[{**HARDCODED, "name": "one"}]).status_code == 409
    assert admin.post(f"{base}/add-models", json={"name": "x"}).status_code == 400
    assert admin.post(f"{base}/models", json={"name": "no-type"}).status_code == 400
    assert (
        admin.post(f"{base}/models", json={"protocolMapper": "oidc-hardcoded-claim-mapper"}).status_code
        == 400
    )
    missing = admin.get(f"{base}/models/missing")
    assert missing.status_code == 404 and missing.json()["error"] == "Model not found"
    assert admin.put(f"{base}/models/missing", json=HARDCODED).status_code == 404
    kc.remove_client_mapper(client, mapper["id"])
    assert admin.delete(f"{base}/models/{mapper['id']}").status_code == 404
    assert admin.get(f"/admin/realms/{realm}/clients/missing/protocol-mappers/models").status_code == 404


def test_client_scope_and_template_mappers(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    scope = kc.create_client_scope({"name": "orders", "protocol": "openid-connect"})
    kc.add_mapper_to_client_scope(scope, HARDCODED)
    [mapper] = kc.get_mappers_from_client_scope(scope)
    assert mapper["name"] == "tenant"
    assert kc.get_client_scope(scope)["protocolMappers"] == [mapper]
    kc.update_mapper_in_client_scope(scope, mapper["id"], {**mapper, "name": "tenant2"})
    legacy = f"/admin/realms/{realm}/client-templates/{scope}/protocol-mappers"
    assert [m["name"] for m in admin.get(f"{legacy}/models").json()] == ["tenant2"]
    made = admin.post(f"{legacy}/models", json={**HARDCODED, "name": "from-template"})
    assert made.status_code == 201
    made_id = made.headers["Location"].rsplit("/", 1)[1]
    assert admin.get(f"{legacy}/models/{made_id}").json()["name"] == "from-template"
    kc.delete_mapper_from_client_scope(scope, mapper["id"])
    assert [m["name"] for m in kc.get_mappers_from_client_scope(scope)] == ["from-template"]
    assert (
        admin.get(f"/admin/realms/{realm}/client-scopes/missing/protocol-mappers/models").status_code == 404
    )
    kc.delete_client_scope(scope)
    assert admin.get(f"{legacy}/models/{made_id}").status_code == 404


def test_mappers_need_manage_clients(caller_with: object, kc: KeycloakAdmin, realm: str) -> None:
    client = kc.create_client({"clientId": "guarded"})
    viewer = caller_with("view-clients")  # type: ignore[operator]
    base = f"/admin/realms/{realm}/clients/{client}/protocol-mappers/models"
    assert viewer.get(base).status_code == 200
    assert viewer.post(base, json=HARDCODED).status_code == 403
