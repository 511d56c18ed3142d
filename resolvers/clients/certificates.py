"""A client's key pairs and certificates (Keycloak's ``certificates/{attr}``, e.g. ``jwt.credential``).

The certificate, public key and key id are public and live in the client's attributes under Keycloak's
names (``<attr>.certificate``, ``<attr>.public.key``, ``<attr>.kid``); a private key is sealed with the
key-encryption key in the config document, never stored plain and never shown by a read.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
from dataclasses import dataclass
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.x509.oid import NameOID
from tortoise.transactions import in_transaction

from core.errors import InvalidInput
from core.runtime import secret_box
from models import Client
from resolvers.clients import keystores
from resolvers.clients.defaults import PRIVATE_KEYS
from resolvers.kit import lookup, rights
from resolvers.kit.actor import Actor
from resolvers.kit.audit import record_admin_event

SEALED_KEYS = PRIVATE_KEYS
"""Per attribute prefix, its sealed private key (PKCS#8 DER, base64)."""

StoreFormat = Literal["JKS", "PKCS12"]
UploadFormat = Literal["JKS", "PKCS12", "Certificate PEM", "Public Key PEM"]


@dataclass(frozen=True)
class CertificateView:
    """Keycloak's CertificateRepresentation; ``private_key`` only in the answer of ``generate``."""

    certificate: str | None = None
    public_key: str | None = None
    kid: str | None = None
    private_key: str | None = None


@dataclass(frozen=True)
class KeyStoreRequest:
    """Keycloak's KeyStoreConfig."""

    format: str = "JKS"
    key_alias: str | None = None
    key_password: str | None = None
    store_password: str | None = None


@dataclass(frozen=True)
class Upload:
    format: str
    data: bytes
    key_alias: str | None = None
    key_password: str | None = None
    store_password: str | None = None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _kid(public_der: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(public_der).digest()).decode().rstrip("=")


def _self_signed(common_name: str) -> tuple[RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _public_der(cert: x509.Certificate) -> bytes:
    return cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _store(
    client: Client, attr: str, cert: x509.Certificate | None, public_der: bytes, pkcs8: bytes | None
) -> None:
    attributes = {k: v for k, v in client.attributes.items() if not k.startswith(attr + ".")}
    if cert is not None:
        attributes[f"{attr}.certificate"] = _b64(cert.public_bytes(serialization.Encoding.DER))
    else:
        attributes[f"{attr}.public.key"] = _b64(public_der)
    attributes[f"{attr}.kid"] = _kid(public_der)
    client.attributes = attributes
    sealed = dict(client.config.get(SEALED_KEYS) or {})
    sealed.pop(attr, None)
    if pkcs8 is not None:
        sealed[attr] = secret_box().seal(_b64(pkcs8))
    client.config = {**client.config, SEALED_KEYS: sealed}


def _view(client: Client, attr: str) -> CertificateView:
    a = client.attributes
    return CertificateView(
        certificate=a.get(f"{attr}.certificate"),
        public_key=a.get(f"{attr}.public.key"),
        kid=a.get(f"{attr}.kid"),
    )


async def _client(actor: Actor | None, realm_name: str, client_uuid: str, right: str) -> tuple[Actor, Client]:
    actor = rights.require(actor, realm_name, right)
    realm = await lookup.realm_by_name(realm_name)
    return actor, await lookup.client_in_realm(realm, client_uuid)


async def _save(actor: Actor, realm_name: str, client: Client, attr: str, what: str) -> None:
    realm = await lookup.realm_by_name(realm_name)
    async with in_transaction():
        await client.save(update_fields=["attributes", "config"])
        await record_admin_event(
            realm, actor, "ACTION", "CLIENT", f"clients/{client.id}/certificates/{attr}/{what}"
        )


async def key_info(actor: Actor | None, realm_name: str, client_uuid: str, attr: str) -> CertificateView:
    _, client = await _client(actor, realm_name, client_uuid, "view-clients")
    return _view(client, attr)


async def generate(actor: Actor | None, realm_name: str, client_uuid: str, attr: str) -> CertificateView:
    """A new key pair and self-signed certificate; the private key is kept sealed and shown this once."""
    actor, client = await _client(actor, realm_name, client_uuid, "manage-clients")
    key, cert = _self_signed(client.client_id)
    pkcs8 = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _store(client, attr, cert, _public_der(cert), pkcs8)
    await _save(actor, realm_name, client, attr, "generate")
    return CertificateView(**{**_view(client, attr).__dict__, "private_key": _b64(pkcs8)})


def _keystore(req: KeyStoreRequest, alias: str, key: RSAPrivateKey, cert: x509.Certificate) -> bytes:
    if not req.store_password:
        raise InvalidInput("Need to specify a store password for jks download")
    if req.format == "JKS":
        if not req.key_password:
            raise InvalidInput("Need to specify a key password for jks download")
        return keystores.write_jks(alias, key, [cert], req.store_password, req.key_password)
    if req.format == "PKCS12":
        return keystores.write_pkcs12(alias, key, [cert], req.store_password)
    raise InvalidInput(f"Unsupported key store format {req.format}")


async def generate_and_download(
    actor: Actor | None, realm_name: str, client_uuid: str, attr: str, req: KeyStoreRequest
) -> bytes:
    """A new key pair in a key store; as in Keycloak only the certificate is kept, not the private key."""
    actor, client = await _client(actor, realm_name, client_uuid, "manage-clients")
    key, cert = _self_signed(client.client_id)
    store = _keystore(req, req.key_alias or client.client_id, key, cert)
    _store(client, attr, cert, _public_der(cert), None)
    await _save(actor, realm_name, client, attr, "generate-and-download")
    return store


async def download(
    actor: Actor | None, realm_name: str, client_uuid: str, attr: str, req: KeyStoreRequest
) -> bytes:
    _, client = await _client(actor, realm_name, client_uuid, "view-clients")
    sealed = (client.config.get(SEALED_KEYS) or {}).get(attr)
    cert_b64 = client.attributes.get(f"{attr}.certificate")
    if not sealed or not cert_b64:
        raise InvalidInput("Client does not have a private key and certificate to download")
    key = serialization.load_der_private_key(base64.b64decode(secret_box().open(sealed)), None)
    if not isinstance(key, RSAPrivateKey):
        raise InvalidInput("The stored private key is not an RSA key")
    cert = x509.load_der_x509_certificate(base64.b64decode(cert_b64))
    return _keystore(req, req.key_alias or client.client_id, key, cert)


def _pem_body(data: bytes) -> bytes:
    text = data.decode("ascii", errors="replace")
    if "-----BEGIN" not in text:
        return base64.b64decode("".join(text.split()))
    return base64.b64decode(
        "".join(line for line in text.splitlines() if line and not line.startswith("-----"))
    )


def _read(up: Upload, with_key: bool) -> tuple[x509.Certificate | None, bytes, bytes | None]:
    try:
        if up.format == "Certificate PEM":
            cert = x509.load_der_x509_certificate(_pem_body(up.data))
            return cert, _public_der(cert), None
        if up.format == "Public Key PEM":
            public = serialization.load_der_public_key(_pem_body(up.data))
            der = public.public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            return None, der, None
    except ValueError as exc:
        raise InvalidInput(f"The uploaded {up.format} cannot be read") from exc
    if up.format == "JKS":
        pkcs8, cert = keystores.read_jks(
            up.data, up.key_alias, up.store_password or "", up.key_password if with_key else None
        )
    elif up.format == "PKCS12":
        pkcs8, cert = keystores.read_pkcs12(up.data, up.store_password or "")
    else:
        raise InvalidInput(f"Unsupported key store format {up.format}")
    return cert, _public_der(cert), pkcs8 if with_key else None


async def upload(
    actor: Actor | None, realm_name: str, client_uuid: str, attr: str, up: Upload, *, with_key: bool
) -> CertificateView:
    """``upload`` keeps a key store's private key (sealed); ``upload-certificate`` only the certificate."""
    actor, client = await _client(actor, realm_name, client_uuid, "manage-clients")
    cert, public_der, pkcs8 = _read(up, with_key)
    _store(client, attr, cert, public_der, pkcs8)
    await _save(actor, realm_name, client, attr, "upload" if with_key else "upload-certificate")
    return _view(client, attr)
