"""``iamgraph export``: a realm written as Keycloak's export, users and their credentials included, which
``iamgraph import`` reads into a fresh database as the same realm (the second export equals the first),
where its users log in with their old passwords and its clients with their old secrets."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from typing import Any

import httpx

from tests.app.test_rotate_key import _iamgraph
from tests.support import ADMIN_PASSWORD, fresh_database_url, password_token, serve_process

_REALM = {
    "realm": "shop",
    "enabled": True,
    "displayName": "The shop",
    "smtpServer": {
        "host": "mail.example.com",
        "from": "shop@example.com",
        "auth": "true",
        "user": "u",
        "password": "smtp-pw",
    },
    "roles": {
        "realm": [
            {"name": "reader", "description": "reads", "attributes": {"level": ["1"]}},
            {
                "name": "editor",
                "composite": True,
                "composites": {"realm": ["reader"], "client": {"shop-api": ["orders"]}},
            },
        ],
        "client": {"shop-api": [{"name": "orders"}]},
    },
    "clients": [
        {
            "clientId": "shop-api",
            "secret": "shop-api-secret",
            "serviceAccountsEnabled": True,
            "directAccessGrantsEnabled": True,
            "protocolMappers": [
                {
                    "name": "tier",
                    "protocol": "openid-connect",
                    "protocolMapper": "oidc-hardcoded-claim-mapper",
                    "config": {"claim.name": "tier", "claim.value": "gold", "access.token.claim": "true"},
                }
            ],
        }
    ],
    "groups": [
        {
            "name": "staff",
            "realmRoles": ["reader"],
            "subGroups": [{"name": "leads", "clientRoles": {"shop-api": ["orders"]}}],
        }
    ],
    "identityProviders": [
        {
            "alias": "corp",
            "providerId": "oidc",
            "enabled": True,
            "config": {
                "clientId": "shop",
                "clientSecret": "idp-secret",
                "authorizationUrl": "https://idp.example.com/auth",
                "tokenUrl": "https://idp.example.com/token",
            },
        }
    ],
    "identityProviderMappers": [
        {
            "name": "team",
            "identityProviderAlias": "corp",
            "identityProviderMapper": "hardcoded-attribute-idp-mapper",
            "config": {"attribute": "team", "attribute.value": "red"},
        }
    ],
    "users": [
        {
            "username": "alice",
            "enabled": True,
            "email": "alice@example.com",
            "firstName": "Alice",
            "attributes": {"team": ["blue"]},
            "realmRoles": ["editor"],
            "groups": ["/staff/leads"],
            "credentials": [{"type": "password", "value": "Alice-pass-1"}],
        }
    ],
}


def _export(workdir: str, url: str, name: str) -> dict[str, Any]:
    done = _iamgraph("export", "--file", name, "--realm", "shop", workdir=workdir, IAMGRAPH_DATABASE_URL=url)
    assert done.returncode == 0, done.stderr
    path = os.path.join(workdir, name)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path) as handle:
        return json.load(handle)


def test_export_then_import_into_a_fresh_database_gives_the_same_realm() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        with open(os.path.join(workdir, "seed.json"), "w") as handle:
            json.dump(_REALM, handle)
        env = {"IAMGRAPH_ADMIN_PASSWORD": ADMIN_PASSWORD}
        with fresh_database_url() as first:
            assert (
                _iamgraph(
                    "import", "--file", "seed.json", workdir=workdir, IAMGRAPH_DATABASE_URL=first, **env
                ).returncode
                == 0
            )
            exported = _export(workdir, first, "first.json")
        assert exported["smtpServer"]["password"] == "smtp-pw"
        [corp] = exported["identityProviders"]
        assert corp["config"]["clientSecret"] == "idp-secret"
        assert [m["name"] for m in exported["identityProviderMappers"]] == ["team"]
        assert "browser" in {f["alias"] for f in exported["authenticationFlows"]}
        users = {u["username"]: u for u in exported["users"]}
        alice = users["alice"]
        assert users["service-account-shop-api"]["serviceAccountClientId"] == "shop-api"
        [password] = alice["credentials"]
        assert json.loads(password["credentialData"])["algorithm"] == "argon2" and "value" not in password
        with fresh_database_url() as second:
            # The exported file carries its own key-free secrets: a new database with another key reads it.
            os.rename(os.path.join(workdir, "iamgraph.key"), os.path.join(workdir, "old.key"))
            imported = _iamgraph(
                "import", "--file", "first.json", workdir=workdir, IAMGRAPH_DATABASE_URL=second, **env
            )
            assert imported.returncode == 0, imported.stderr
            again = _export(workdir, second, "second.json")
            assert again == exported
            with serve_process(second, workdir, **env) as (base, _):
                assert password_token(base, "shop", "alice", "Alice-pass-1")
                service = httpx.post(
                    f"{base}/realms/shop/protocol/openid-connect/token",
                    data={"grant_type": "client_credentials"},
                    auth=("shop-api", "shop-api-secret"),
                )
                assert service.status_code == 200, service.text
