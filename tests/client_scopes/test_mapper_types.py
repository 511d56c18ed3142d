"""The OIDC mapper types one by one: what each writes into the tokens."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
from keycloak import KeycloakAdmin

from models import User
from tests.support import RunningServer


def _payload(token: str) -> dict[str, Any]:
    body = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))


def _mapper(name: str, kind: str, **config: str) -> dict[str, Any]:
    return {"name": name, "protocol": "openid-connect", "protocolMapper": kind, "config": config}


async def _service_account(client_uuid: str) -> str:
    return str((await User.get(service_account_client_id=client_uuid)).id)


def test_service_account_tokens_with_role_audience_and_note_mappers(
    kc: KeycloakAdmin, anonymous: httpx.Client, server: RunningServer, realm: str
) -> None:
    api = kc.create_client({"clientId": "orders-api", "bearerOnly": True})
    kc.create_client_role(api, {"name": "read"})
    svc = kc.create_client(
        {"clientId": "svc", "secret": "svc-secret", "serviceAccountsEnabled": True, "webOrigins": ["*"]}
    )
    user_id = server.run(_service_account(svc))
    kc.assign_client_role(user_id, api, [kc.get_client_role(api, "read")])
    kc.create_realm_role({"name": "ops"})
    kc.assign_realm_roles(user_id, [kc.get_realm_role("ops")])
    on = {"access.token.claim": "true", "introspection.token.claim": "true"}
    kc.add_mapper_to_client(
        svc,
        _mapper(
            "prefixed",
            "oidc-usermodel-client-role-mapper",
            **on,
            **{
                "claim.name": "api_roles",
                "usermodel.clientRoleMapping.clientId": "orders-api",
                "usermodel.clientRoleMapping.rolePrefix": "api:",
                "multivalued": "true",
            },
        ),
    )
    kc.add_mapper_to_client(
        svc,
        _mapper(
            "realm-prefixed",
            "oidc-usermodel-realm-role-mapper",
            **on,
            **{
                "claim.name": "realm_roles",
                "usermodel.realmRoleMapping.rolePrefix": "r:",
                "multivalued": "true",
            },
        ),
    )
    kc.add_mapper_to_client(
        svc,
        _mapper(
            "host",
            "oidc-usersessionmodel-note-mapper",
            **on,
            **{"user.session.note": "clientHost", "claim.name": "host"},
        ),
    )
    kc.add_mapper_to_client(
        svc, _mapper("client", "oidc-audience-mapper", **on, **{"included.client.audience": "svc"})
    )
    token = anonymous.post(
        f"/realms/{realm}/protocol/openid-connect/token",
        data={"grant_type": "client_credentials", "client_id": "svc", "client_secret": "svc-secret"},
    ).json()
    claims = _payload(token["access_token"])
    assert claims["api_roles"] == ["api:read"]
    assert "r:ops" in claims["realm_roles"] and "ops" in claims["realm_access"]["roles"]
    assert claims["resource_access"]["orders-api"] == {"roles": ["read"]}
    assert set(claims["aud"]) >= {"orders-api", "svc"}
    assert claims["host"] == "127.0.0.1" and claims["client_id"] == "svc"
    assert claims["allowed-origins"] == ["*"]
    assert token["scope"] == "email profile" and "id_token" not in token


def test_multivalued_attributes_full_name_and_json_claims(
    kc: KeycloakAdmin, anonymous: httpx.Client, realm: str
) -> None:
    kc.create_user(
        {
            "username": "bob",
            "enabled": True,
            "firstName": "Bob",
            "attributes": {"team": ["red", "blue"]},
            "credentials": [{"type": "password", "value": "bob-pw", "temporary": False}],
        }
    )
    app = kc.create_client({"clientId": "web", "publicClient": True, "directAccessGrantsEnabled": True})
    every = {"access.token.claim": "true", "id.token.claim": "true", "userinfo.token.claim": "true"}
    kc.add_mapper_to_client(
        app,
        _mapper(
            "teams",
            "oidc-usermodel-attribute-mapper",
            **every,
            **{"user.attribute": "team", "claim.name": "teams", "multivalued": "true"},
        ),
    )
    kc.add_mapper_to_client(
        app,
        _mapper(
            "meta",
            "oidc-hardcoded-claim-mapper",
            **every,
            **{"claim.name": "meta.info", "claim.value": '{"a": 1}', "jsonType.label": "JSON"},
        ),
    )
    token = anonymous.post(
        f"/realms/{realm}/protocol/openid-connect/token",
        data={
            "grant_type": "password",
            "client_id": "web",
            "username": "bob",
            "password": "bob-pw",
            "scope": "openid",
        },
    ).json()
    access, id_token = _payload(token["access_token"]), _payload(token["id_token"])
    assert access["teams"] == ["red", "blue"] and id_token["teams"] == ["red", "blue"]
    assert access["meta"] == {"info": {"a": 1}}
    assert access["name"] == "Bob" and access["given_name"] == "Bob" and "family_name" not in access
    assert access["email_verified"] is False
    userinfo = anonymous.get(
        f"/realms/{realm}/protocol/openid-connect/userinfo",
        headers={"Authorization": f"Bearer {token['access_token']}"},
    ).json()
    assert userinfo["teams"] == ["red", "blue"] and userinfo["preferred_username"] == "bob"
