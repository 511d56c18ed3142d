"""No silent loss on import: a Keycloak realm export's hashed passwords (PBKDF2 with SHA-1, SHA-256 and
SHA-512, argon2; the current format and the one before Keycloak 10) log their users in and become argon2id
on the first successful login; OTP credentials are kept (their secret sealed); values are read as Keycloak's
Jackson mapper reads them; and what cannot be kept is a 400 naming it. ``POST /users`` takes the same."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from typing import Any

import httpx
import pytest
from argon2.low_level import Type, hash_secret_raw

from core.runtime import secret_box
from models import Credential
from tests.login.flows import otp_now
from tests.realms.test_import import _export
from tests.support import RunningServer, unique
from tests.users.helpers import login

OTP_SECRET = "JBSWY3DPEHPK3PXP"
_DIGESTS = {"pbkdf2": "sha1", "pbkdf2-sha256": "sha256", "pbkdf2-sha512": "sha512"}


def _login_with_otp(base_url: str, realm: str, username: str, password: str, secret: str) -> httpx.Response:
    """The direct grant of a user with OTP: Keycloak's direct grant flow asks for the current code."""
    code = otp_now(base64.b32encode(secret.encode()).decode().rstrip("="))
    return httpx.post(
        f"{base_url}/realms/{realm}/protocol/openid-connect/token",
        data={
            "grant_type": "password",
            "client_id": "admin-cli",
            "username": username,
            "password": password,
            "totp": code,
        },
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def pbkdf2_credential(algorithm: str, password: str, iterations: Any = 27500, bits: int = 512) -> dict:
    """A password credential as Keycloak exports it (secretData and credentialData are JSON strings)."""
    salt = os.urandom(16)
    value = hashlib.pbkdf2_hmac(_DIGESTS[algorithm], password.encode(), salt, int(iterations), bits // 8)
    return {
        "id": unique("cred"),
        "type": "password",
        "userLabel": "My password",
        "createdDate": 1700000000000,
        "secretData": json.dumps({"value": _b64(value), "salt": _b64(salt), "additionalParameters": {}}),
        "credentialData": json.dumps(
            {"hashIterations": iterations, "algorithm": algorithm, "additionalParameters": {}}
        ),
    }


def argon2_credential(password: str) -> dict:
    """Keycloak's own argon2 credential (its defaults: argon2id 1.3, 32 bytes, 7 MiB, 5 passes)."""
    salt = os.urandom(16)
    value = hash_secret_raw(password.encode(), salt, 5, 7168, 1, 32, Type.ID, 19)
    parameters = {
        "hashLength": ["32"],
        "memory": ["7168"],
        "type": ["id"],
        "version": ["1.3"],
        "parallelism": ["1"],
    }
    return {
        "type": "password",
        "secretData": json.dumps({"value": _b64(value), "salt": _b64(salt), "additionalParameters": {}}),
        "credentialData": json.dumps(
            {"hashIterations": 5, "algorithm": "argon2", "additionalParameters": parameters}
        ),
    }


def otp_credential(label: str = "phone") -> dict:
    return {
        "type": "otp",
        "userLabel": label,
        "secretData": json.dumps({"value": OTP_SECRET}),
        "credentialData": json.dumps(
            {"subType": "totp", "digits": 6, "counter": 0, "period": 30, "algorithm": "HmacSHA1"}
        ),
    }


def _rows(server: RunningServer, realm: str, username: str) -> list[Credential]:
    async def read() -> list[Credential]:
        return await Credential.filter(user__realm__name=realm, user__username=username).order_by("type")

    return list(server.run(read()))


def _user(admin: httpx.Client, realm: str, username: str) -> dict:
    found = admin.get(f"/admin/realms/{realm}/users", params={"username": username, "exact": "true"}).json()
    assert len(found) == 1, found
    return dict(found[0])


def _import(admin: httpx.Client, export: dict) -> str:
    response = admin.post("/admin/realms", json=export)
    assert response.status_code == 201, response.text
    return str(export["realm"])


@pytest.mark.parametrize("algorithm", ["pbkdf2", "pbkdf2-sha256", "pbkdf2-sha512", "argon2"])
def test_imported_hashes_log_in_and_become_argon2id(
    server: RunningServer, admin: httpx.Client, algorithm: str
) -> None:
    password = f"Pass-{algorithm}-1"
    credential = (
        argon2_credential(password) if algorithm == "argon2" else pbkdf2_credential(algorithm, password)
    )
    realm = _import(
        admin,
        {
            "realm": unique("hashed"),
            "enabled": True,
            "users": [{"username": "ann", "enabled": True, "credentials": [credential]}],
        },
    )
    [before] = _rows(server, realm, "ann")
    assert before.secret_data.startswith(
        "$pbkdf2" if algorithm != "argon2" else "$argon2id$v=19$m=7168,t=5,p=1$"
    )
    assert before.credential_data == json.loads(credential["credentialData"]), "kept as given"
    listed = admin.get(f"/admin/realms/{realm}/users/{_user(admin, realm, 'ann')['id']}/credentials").json()
    assert [c["type"] for c in listed] == ["password"]
    assert json.loads(listed[0]["credentialData"])["algorithm"] == algorithm
    if "userLabel" in credential:
        assert listed[0]["userLabel"] == "My password" and listed[0]["createdDate"] == 1700000000000
        assert listed[0]["id"] == credential["id"]

    assert login(server.base_url, realm, "ann", "wrong-password").status_code == 401
    assert _rows(server, realm, "ann")[0].secret_data == before.secret_data, "no rehash on a failure"
    assert login(server.base_url, realm, "ann", password).status_code == 200
    [after] = _rows(server, realm, "ann")
    assert after.secret_data.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert after.credential_data["algorithm"] == "argon2" and after.id == before.id
    assert login(server.base_url, realm, "ann", password).status_code == 200
    admin.delete(f"/admin/realms/{realm}")


def test_the_format_before_keycloak_10_logs_in(server: RunningServer, admin: httpx.Client) -> None:
    realm = _import(admin, _export("keycloak-quickstarts-fine-grain-demo.json", unique("legacy")))
    [before] = _rows(server, realm, "joe")
    assert before.secret_data.startswith("$pbkdf2-sha256$i=27500$")
    assert before.credential_data == {"hashIterations": 27500, "algorithm": "pbkdf2-sha256"}
    assert login(server.base_url, realm, "joe", "password").status_code == 200
    assert _rows(server, realm, "joe")[0].secret_data.startswith("$argon2id$")
    admin.delete(f"/admin/realms/{realm}")


def test_otp_credentials_are_kept_with_their_secret_sealed(
    server: RunningServer, admin: httpx.Client
) -> None:
    realm = _import(admin, _export("keycloak-client-testrealm.json", unique("otp")))
    user = _user(admin, realm, "user-with-two-configured-otp")
    assert user["totp"] is True and user["disableableCredentialTypes"] == ["otp"]
    listed = admin.get(f"/admin/realms/{realm}/users/{user['id']}/credentials").json()
    assert sorted(c["type"] for c in listed) == ["otp", "otp", "password"]
    assert [c.get("userLabel") for c in listed if c["type"] == "otp"] == ["first", None]
    for shown in (c for c in listed if c["type"] == "otp"):
        assert json.loads(shown["credentialData"]) == {
            "digits": 6,
            "counter": 0,
            "period": 30,
            "algorithm": "HmacSHA1",
            "subType": "totp",
        }
        assert "secretData" not in shown and "value" not in shown
    otps = [row for row in _rows(server, realm, "user-with-two-configured-otp") if row.type == "otp"]
    assert {json.loads(secret_box().open(row.secret_data))["value"] for row in otps} == {
        "DJmQfC73VGFhw7D4QJ8A",
        "ABCQfC73VGFhw7D4QJ8A",
    }
    assert all("QfC73VGFhw7D4QJ8A" not in row.secret_data for row in otps), "sealed at rest"
    assert login(server.base_url, realm, "user-with-one-configured-otp", "password").status_code == 401
    one = next(r for r in _rows(server, realm, "user-with-one-configured-otp") if r.type == "otp")
    secret = json.loads(secret_box().open(one.secret_data))["value"]
    answer = _login_with_otp(server.base_url, realm, "user-with-one-configured-otp", "password", secret)
    assert answer.status_code == 200, answer.text
    admin.delete(f"/admin/realms/{realm}")


def test_values_are_read_as_keycloaks_jackson_mapper_reads_them(
    server: RunningServer, admin: httpx.Client
) -> None:
    credential = pbkdf2_credential("pbkdf2-sha256", "Pass-strings-1", iterations="27500")
    credential["temporary"] = "false"
    realm = _import(
        admin,
        {
            "realm": unique("strings"),
            "enabled": "true",
            "bruteForceProtected": "false",
            "accessTokenLifespan": "600",
            "users": [
                {"username": "off", "enabled": "false", "credentials": [pbkdf2_credential("pbkdf2", "x")]},
                {"username": "on", "enabled": "true", "emailVerified": "true", "credentials": [credential]},
            ],
            "clients": [
                {
                    "clientId": "app",
                    "publicClient": "true",
                    "consentRequired": "false",
                    "fullScopeAllowed": "false",
                }
            ],
        },
    )
    rep = admin.get(f"/admin/realms/{realm}").json()
    assert (
        rep["enabled"] is True and rep["bruteForceProtected"] is False and rep["accessTokenLifespan"] == 600
    )
    assert _user(admin, realm, "off")["enabled"] is False
    on = _user(admin, realm, "on")
    assert on["enabled"] is True and on["emailVerified"] is True and on["requiredActions"] == []
    [client] = admin.get(f"/admin/realms/{realm}/clients", params={"clientId": "app"}).json()
    assert client["publicClient"] is True
    assert client["consentRequired"] is False and client["fullScopeAllowed"] is False
    assert login(server.base_url, realm, "on", "Pass-strings-1").status_code == 200
    admin.delete(f"/admin/realms/{realm}")


def _with(credential: dict, **changes: Any) -> dict:
    return {**credential, **changes}


BAD_SALT = _with(
    pbkdf2_credential("pbkdf2-sha256", "x"), secretData=json.dumps({"value": "AAAA", "salt": "not base64!"})
)


@pytest.mark.parametrize(
    ("user", "field", "words"),
    [
        (
            {
                "credentials": [
                    _with(pbkdf2_credential("pbkdf2", "x"), credentialData='{"algorithm": "bcrypt"}')
                ]
            },
            "users[0].credentials[0].credentialData.algorithm",
            "bcrypt",
        ),
        ({"credentials": [BAD_SALT]}, "users[0].credentials[0]", "salt is not base64"),
        (
            {"credentials": [_with(otp_credential(), secretData="{}")]},
            "users[0].credentials[0].secretData.value",
            "OTP",
        ),
        (
            {"credentials": [_with(otp_credential(), secretData="{not json")]},
            "users[0].credentials[0].secretData",
            "JSON object",
        ),
        (
            {"credentials": [_with(otp_credential(), credentialData=None)]},
            "users[0].credentials[0].secretData",
            "needs its secretData and credentialData",
        ),
        (
            {
                "credentials": [
                    _with(
                        pbkdf2_credential("pbkdf2", "x"),
                        credentialData='{"algorithm": "pbkdf2", "hashIterations": "many"}',
                    )
                ]
            },
            "users[0].credentials[0].credentialData.hashIterations",
            "integer",
        ),
        (
            {"credentials": [_with(pbkdf2_credential("pbkdf2", "x"), temporary="maybe")]},
            "users[0].credentials[0].temporary",
            "boolean",
        ),
        (
            {"credentials": [pbkdf2_credential("pbkdf2", "x"), pbkdf2_credential("pbkdf2", "y")]},
            "users[0].credentials[1]",
            "one password",
        ),
        ({"enabled": "nope"}, "users[0].enabled", "boolean"),
    ],
)
def test_what_cannot_be_kept_is_refused_naming_it(
    admin: httpx.Client, user: dict, field: str, words: str
) -> None:
    realm = unique("refused")
    response = admin.post("/admin/realms", json={"realm": realm, "users": [{"username": "u", **user}]})
    assert response.status_code == 400, response.text
    assert response.json()["field"] == field
    assert words in response.json()["errorMessage"]
    assert admin.get(f"/admin/realms/{realm}").status_code == 404


def test_post_users_takes_a_hashed_password_and_an_otp(
    server: RunningServer, admin: httpx.Client, realm: str
) -> None:
    credentials = [pbkdf2_credential("pbkdf2-sha512", "Pass-post-1"), otp_credential()]
    response = admin.post(
        f"/admin/realms/{realm}/users", json={"username": "bea", "enabled": True, "credentials": credentials}
    )
    assert response.status_code == 201, response.text
    user_id = response.headers["Location"].rsplit("/", 1)[1]
    listed = admin.get(f"/admin/realms/{realm}/users/{user_id}/credentials").json()
    assert [(c["type"], c.get("userLabel")) for c in listed] == [
        ("password", "My password"),
        ("otp", "phone"),
    ]
    assert login(server.base_url, realm, "bea", "Pass-post-1").status_code == 401  # the OTP is asked for
    assert _login_with_otp(server.base_url, realm, "bea", "Pass-post-1", OTP_SECRET).status_code == 200
    stored = {r.type: r.secret_data for r in _rows(server, realm, "bea")}
    assert stored["otp"].startswith("v1:") and OTP_SECRET not in stored["otp"]
    assert stored["password"].startswith("$argon2id$")

    bad = _with(pbkdf2_credential("pbkdf2", "x"), credentialData='{"algorithm": "md5", "hashIterations": 1}')
    refused = admin.post(f"/admin/realms/{realm}/users", json={"username": "cy", "credentials": [bad]})
    assert refused.status_code == 400 and refused.json()["field"] == "credentials[0].credentialData.algorithm"
    plain_and_hashed = [{"type": "password", "value": "Plain-1"}, pbkdf2_credential("pbkdf2", "x")]
    refused = admin.post(
        f"/admin/realms/{realm}/users", json={"username": "cy", "credentials": plain_and_hashed}
    )
    assert refused.status_code == 400 and refused.json()["field"] == "credentials[1]"
