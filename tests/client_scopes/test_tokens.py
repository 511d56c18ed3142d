"""Tokens shaped by the client's scopes, protocol mappers and scope mappings, and ``evaluate-scopes``
showing exactly what the token endpoint issues."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import httpx
from keycloak import KeycloakAdmin

VOLATILE = {"exp", "iat", "jti", "sid", "session_state", "auth_time", "at_hash"}
INTROSPECTION_ONLY = {"client_id", "username", "token_type", "active"}


def _payload(token: str) -> dict[str, Any]:
    body = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))


def _stable(claims: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in claims.items() if k not in VOLATILE}


def _mapper(name: str, kind: str, config: dict[str, str]) -> dict[str, Any]:
    return {"name": name, "protocol": "openid-connect", "protocolMapper": kind, "config": config}


ALL = {"access.token.claim": "true", "id.token.claim": "true", "userinfo.token.claim": "true"}


def _setup(kc: KeycloakAdmin) -> tuple[str, str]:
    for role in ("reader", "writer", "auditor"):
        kc.create_realm_role({"name": role})
    group = kc.create_group({"name": "staff"})
    assert group is not None
    user = kc.create_user(
        {
            "username": "alice",
            "enabled": True,
            "firstName": "Alice",
            "lastName": "Liddell",
            "email": "alice@example.com",
            "emailVerified": True,
            "attributes": {"phoneNumber": ["+1 555 0100"], "dept": ["ops"]},
            "credentials": [{"type": "password", "value": "secret-pw", "temporary": False}],
        }
    )
    kc.group_user_add(user, group)
    kc.assign_realm_roles(user, [kc.get_realm_role("reader"), kc.get_realm_role("writer")])
    app = kc.create_client(
        {
            "clientId": "app",
            "secret": "app-secret",
            "directAccessGrantsEnabled": True,
            "fullScopeAllowed": False,
            "redirectUris": ["https://app.example/callback/*"],
            "webOrigins": ["+"],
        }
    )
    kc.create_client_role(app, {"name": "app-admin"})
    kc.assign_client_role(user, app, [kc.get_client_role(app, "app-admin")])
    kc.assign_realm_roles_to_client_scope(app, [kc.get_realm_role("reader")])
    kc.add_mapper_to_client(
        app,
        _mapper(
            "tenant",
            "oidc-hardcoded-claim-mapper",
            {**ALL, "claim.name": "tenant", "claim.value": "acme", "jsonType.label": "String"},
        ),
    )
    kc.add_mapper_to_client(
        app,
        _mapper(
            "dept",
            "oidc-usermodel-attribute-mapper",
            {**ALL, "user.attribute": "dept", "claim.name": "org.department", "jsonType.label": "String"},
        ),
    )
    kc.add_mapper_to_client(
        app,
        _mapper(
            "groups", "oidc-group-membership-mapper", {**ALL, "claim.name": "groups", "full.path": "true"}
        ),
    )
    kc.add_mapper_to_client(
        app,
        _mapper(
            "api",
            "oidc-audience-mapper",
            {"access.token.claim": "true", "included.custom.audience": "https://api.example"},
        ),
    )
    kc.add_mapper_to_client(app, _mapper("auditor", "oidc-hardcoded-role-mapper", {"role": "auditor"}))
    kc.add_mapper_to_client(
        app,
        _mapper(
            "mail",
            "oidc-usermodel-property-mapper",
            {**ALL, "user.attribute": "email", "claim.name": "mail", "jsonType.label": "String"},
        ),
    )
    orders = kc.create_client_scope({"name": "orders", "protocol": "openid-connect"})
    kc.add_mapper_to_client_scope(
        orders,
        _mapper(
            "orders",
            "oidc-hardcoded-claim-mapper",
            {**ALL, "claim.name": "orders", "claim.value": "true", "jsonType.label": "boolean"},
        ),
    )
    kc.add_client_optional_client_scope(app, orders, {})
    return app, user


def test_tokens_follow_scopes_mappers_and_scope_mappings(
    kc: KeycloakAdmin, admin: httpx.Client, anonymous: httpx.Client, realm: str
) -> None:
    app, user = _setup(kc)
    oidc = f"/realms/{realm}/protocol/openid-connect"
    form = {
        "grant_type": "password",
        "client_id": "app",
        "client_secret": "app-secret",
        "username": "alice",
        "password": "secret-pw",
        "scope": "openid orders phone",
    }
    issued = anonymous.post(f"{oidc}/token", data=form)
    assert issued.status_code == 200, issued.text
    body = issued.json()
    assert body["scope"] == "openid email profile orders phone"
    access, id_token = _payload(body["access_token"]), _payload(body["id_token"])
    assert access["realm_access"] == {"roles": ["auditor", "reader"]}
    assert access["resource_access"] == {"app": {"roles": ["app-admin"]}}
    assert access["aud"] == "https://api.example"
    assert access["allowed-origins"] == ["https://app.example"]
    assert (access["tenant"], access["org"], access["groups"], access["orders"]) == (
        "acme",
        {"department": "ops"},
        ["/staff"],
        True,
    )
    assert access["phone_number"] == "+1 555 0100" and access["mail"] == "alice@example.com"
    assert (
        access["name"] == "Alice Liddell" and access["preferred_username"] == "alice" and access["acr"] == "1"
    )
    assert id_token["aud"] == "app" and id_token["typ"] == "ID" and isinstance(id_token["auth_time"], int)
    digest = hashlib.sha256(body["access_token"].encode()).digest()
    assert id_token["at_hash"] == base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()
    assert "realm_access" not in id_token and id_token["tenant"] == "acme"

    params = {"scope": "openid orders phone", "userId": user}
    evaluate = f"/admin/realms/{realm}/clients/{app}/evaluate-scopes"
    example_access = admin.get(f"{evaluate}/generate-example-access-token", params=params).json()
    example_id = admin.get(f"{evaluate}/generate-example-id-token", params=params).json()
    example_userinfo = admin.get(f"{evaluate}/generate-example-userinfo", params=params).json()
    assert _stable(access) == _stable(example_access)
    assert _stable(id_token) == _stable(example_id)
    userinfo = anonymous.get(f"{oidc}/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert userinfo.json() == example_userinfo
    assert userinfo.json()["tenant"] == "acme" and "realm_access" not in userinfo.json()
    introspected = anonymous.post(
        f"{oidc}/token/introspect",
        data={"token": body["access_token"], "client_id": "app", "client_secret": "app-secret"},
    ).json()
    assert introspected["active"] is True and introspected["username"] == "alice"
    assert _stable({k: v for k, v in introspected.items() if k not in INTROSPECTION_ONLY}) == _stable(
        example_access
    )

    without = anonymous.post(f"{oidc}/token", data={**form, "scope": "openid"}).json()
    assert without["scope"] == "openid email profile"
    assert "orders" not in _payload(without["access_token"]) and "phone_number" not in _payload(
        without["access_token"]
    )
    bad = anonymous.post(f"{oidc}/token", data={**form, "scope": "openid nope"})
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_scope"


def test_evaluate_scopes_mappers_and_roles(kc: KeycloakAdmin, admin: httpx.Client, realm: str) -> None:
    app, _ = _setup(kc)
    evaluate = f"/admin/realms/{realm}/clients/{app}/evaluate-scopes"
    mappers = admin.get(f"{evaluate}/protocol-mappers", params={"scope": "orders"}).json()
    by_name = {m["mapperName"]: m for m in mappers}
    assert by_name["tenant"]["containerType"] == "client" and by_name["tenant"]["containerName"] == "app"
    assert (
        by_name["orders"]["containerType"] == "client-scope"
        and by_name["orders"]["containerName"] == "orders"
    )
    assert "username" in by_name and "phone number" not in by_name
    realm_id = admin.get(f"/admin/realms/{realm}").json()["id"]
    granted = [r["name"] for r in admin.get(f"{evaluate}/scope-mappings/{realm_id}/granted").json()]
    assert granted == ["reader"]
    not_granted = [r["name"] for r in admin.get(f"{evaluate}/scope-mappings/{realm_id}/not-granted").json()]
    assert "writer" in not_granted and "reader" not in not_granted
    own = [r["name"] for r in admin.get(f"{evaluate}/scope-mappings/{app}/granted").json()]
    assert own == ["app-admin"]
    assert admin.get(f"{evaluate}/scope-mappings/missing/granted").status_code == 404
    assert admin.get(f"{evaluate}/generate-example-access-token").status_code == 404
    assert (
        admin.get(f"{evaluate}/generate-example-access-token", params={"userId": "missing"}).status_code
        == 404
    )
    assert (
        admin.get(f"/admin/realms/{realm}/clients/missing/evaluate-scopes/protocol-mappers").status_code
        == 404
    )
