"""A client's certificates: generate, key info, key stores (JKS and PKCS#12), uploads; keys sealed."""

from __future__ import annotations

import base64
from pathlib import Path

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from keycloak import KeycloakAdmin

from models import Client
from resolvers.clients import keystores
from tests.support import RunningServer

ATTR = "jwt.credential"


async def _row(client_uuid: str) -> Client:
    return await Client.get(id=client_uuid)


def test_generate_and_read(kc: KeycloakAdmin, admin: httpx.Client, realm: str, server: RunningServer) -> None:
    uuid = kc.create_client({"clientId": "signer"})
    base = f"/admin/realms/{realm}/clients/{uuid}/certificates/{ATTR}"
    assert admin.get(base).json() == {}
    made = admin.post(base + "/generate").json()
    assert set(made) == {"privateKey", "certificate", "kid"}
    cert = x509.load_der_x509_certificate(base64.b64decode(made["certificate"]))
    assert cert.subject.rfc4514_string() == "CN=signer"
    info = (
        kc.get_client_certificate_key_info(uuid, ATTR)
        if hasattr(kc, "get_client_certificate_key_info")
        else {}
    )
    assert info == admin.get(base).json() == {"certificate": made["certificate"], "kid": made["kid"]}
    assert kc.get_client(uuid)["attributes"][f"{ATTR}.certificate"] == made["certificate"]
    row = server.run(_row(uuid))
    assert made["privateKey"] not in str(row.config) and made["privateKey"] not in str(row.attributes)
    assert "iamgraph.privateKeys" not in kc.get_client(uuid)


def test_key_stores(admin: httpx.Client, kc: KeycloakAdmin, realm: str) -> None:
    uuid = kc.create_client({"clientId": "stored"})
    base = f"/admin/realms/{realm}/clients/{uuid}/certificates/{ATTR}"
    refused = admin.post(base + "/download", json={"format": "JKS", "storePassword": "s", "keyPassword": "k"})
    assert refused.status_code == 400
    made = admin.post(base + "/generate").json()
    p12 = admin.post(base + "/download", json={"format": "PKCS12", "storePassword": "store", "keyAlias": "a"})
    assert p12.status_code == 200 and p12.headers["content-type"] == "application/octet-stream"
    key, cert, _ = pkcs12.load_key_and_certificates(p12.content, b"store")
    assert key is not None and cert is not None
    assert base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode() == made["certificate"]
    jks = admin.post(
        base + "/download", json={"format": "JKS", "storePassword": "store", "keyPassword": "key"}
    )
    pkcs8, jks_cert = keystores.read_jks(jks.content, "stored", "store", "key")
    assert pkcs8 == key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    assert jks_cert == cert
    assert admin.post(base + "/download", json={"format": "JKS"}).status_code == 400
    assert admin.post(base + "/download", json={"format": "BKS", "storePassword": "s"}).status_code == 400
    fresh = admin.post(base + "/generate-and-download", json={"format": "PKCS12", "storePassword": "s"})
    new_key, new_cert, _ = pkcs12.load_key_and_certificates(fresh.content, b"s")
    assert new_cert is not None and new_key is not None
    info = admin.get(base).json()
    assert info["certificate"] == base64.b64encode(new_cert.public_bytes(serialization.Encoding.DER)).decode()
    # Only the certificate of generate-and-download is kept: no private key to download.
    assert admin.post(base + "/download", json={"format": "PKCS12", "storePassword": "s"}).status_code == 400


def test_uploads(admin: httpx.Client, kc: KeycloakAdmin, realm: str) -> None:
    source = kc.create_client({"clientId": "source"})
    target = kc.create_client({"clientId": "target"})
    src = f"/admin/realms/{realm}/clients/{source}/certificates/{ATTR}"
    dst = f"/admin/realms/{realm}/clients/{target}/certificates/{ATTR}"
    made = admin.post(src + "/generate").json()
    jks = admin.post(
        src + "/download", json={"format": "JKS", "storePassword": "sp", "keyPassword": "kp"}
    ).content
    form = {"keystoreFormat": "JKS", "keyAlias": "source", "storePassword": "sp", "keyPassword": "kp"}
    uploaded = admin.post(dst + "/upload", data=form, files={"file": ("k.jks", jks)})
    assert uploaded.status_code == 200 and uploaded.json()["certificate"] == made["certificate"]
    again = admin.post(dst + "/download", json={"format": "PKCS12", "storePassword": "x"})
    assert again.status_code == 200
    wrong = admin.post(dst + "/upload", data=form | {"storePassword": "no"}, files={"file": ("k.jks", jks)})
    assert wrong.status_code == 400
    pem = ("-----BEGIN CERTIFICATE-----\n" + made["certificate"] + "\n-----END CERTIFICATE-----\n").encode()
    only = admin.post(
        dst + "/upload-certificate",
        data={"keystoreFormat": "Certificate PEM"},
        files={"file": ("c.pem", pem)},
    )
    assert only.status_code == 200 and only.json()["certificate"] == made["certificate"]
    assert admin.post(dst + "/download", json={"format": "PKCS12", "storePassword": "x"}).status_code == 400
    assert admin.post(dst + "/upload-certificate", data={"keystoreFormat": "JKS"}).status_code == 400
    garbage = admin.post(
        dst + "/upload-certificate", data={"keystoreFormat": "Certificate PEM"}, files={"file": ("c", b"zz")}
    )
    assert garbage.status_code == 400


def test_upload_a_key_store_made_by_keytool(admin: httpx.Client, kc: KeycloakAdmin, realm: str) -> None:
    """tests/data/keytool-client.jks: ``keytool -genkeypair -alias kt -storetype JKS``, store password
    ktstore, key password ktkeypw."""
    uuid = kc.create_client({"clientId": "java"})
    base = f"/admin/realms/{realm}/clients/{uuid}/certificates/{ATTR}"
    data = (Path(__file__).parent.parent / "data" / "keytool-client.jks").read_bytes()
    form = {"keystoreFormat": "JKS", "keyAlias": "kt", "storePassword": "ktstore", "keyPassword": "ktkeypw"}
    uploaded = admin.post(base + "/upload", data=form, files={"file": ("kt.jks", data)})
    assert uploaded.status_code == 200, uploaded.text
    cert = x509.load_der_x509_certificate(base64.b64decode(uploaded.json()["certificate"]))
    assert cert.subject.rfc4514_string() == "CN=keytool-made"
    p12 = admin.post(base + "/download", json={"format": "PKCS12", "storePassword": "p"})
    assert pkcs12.load_key_and_certificates(p12.content, b"p")[0] is not None
    bad_key = admin.post(
        base + "/upload", data=form | {"keyPassword": "no"}, files={"file": ("kt.jks", data)}
    )
    assert bad_key.status_code == 400
