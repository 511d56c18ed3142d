"""Key material of Keycloak's key providers: generated or read from PEM, with the self-signed certificate
Keycloak gives a generated RSA or EC key, and the forms the key metadata shows (base64 DER)."""

from __future__ import annotations

import base64
import datetime
import uuid
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from jwcrypto.jwk import JWK

from core.errors import InvalidInput

CERTIFICATE_DAYS = 3650
"""Keycloak's generated certificates last ten years."""


@dataclass(frozen=True)
class Material:
    """One key as a provider makes it: the private JWK (an ``oct`` key is all secret), its certificate (base64
    DER, asymmetric keys only) and the kid."""

    jwk: JWK
    kid: str
    certificate: str | None = None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _self_signed(private: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, subject: str) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=CERTIFICATE_DAYS))
        .sign(private, hashes.SHA256())
    )
    return _b64(cert.public_bytes(serialization.Encoding.DER))


def _asymmetric(
    private: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    alg: str,
    use: str,
    subject: str,
    cert: str | None,
) -> Material:
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    key = JWK.from_pem(pem)
    kid = key.thumbprint()
    jwk = JWK(**(key.export(private_key=True, as_dict=True) | {"kid": kid, "alg": alg, "use": use}))
    return Material(jwk, kid, cert or _self_signed(private, subject))


def generate_rsa(size: int, alg: str, use: str, subject: str) -> Material:
    """CPU-heavy: callers run it in a thread."""
    return _asymmetric(rsa.generate_private_key(65537, size), alg, use, subject, None)


CURVES: dict[str, ec.EllipticCurve] = {
    "P-256": ec.SECP256R1(),
    "P-384": ec.SECP384R1(),
    "P-521": ec.SECP521R1(),
}


def generate_ec(curve: str, alg: str, subject: str) -> Material:
    return _asymmetric(ec.generate_private_key(CURVES[curve]), alg, "sig", subject, None)


def generate_secret(size: int, alg: str, use: str, kid: str | None = None) -> Material:
    kid = kid or str(uuid.uuid4())
    return Material(JWK.generate(kty="oct", size=size * 8, kid=kid, alg=alg, use=use), kid)


def secret_from(value: str, alg: str, use: str, kid: str) -> Material:
    """An ``oct`` key from the base64url secret Keycloak keeps in a provider's config."""
    return Material(JWK(kty="oct", k=value.rstrip("="), kid=kid, alg=alg, use=use), kid)


def _pem(text: str, kind: str) -> bytes:
    body = text.strip()
    if "-----BEGIN" not in body:
        body = f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----"
    return body.encode()


def from_pem(private_key: str, certificate: str | None, alg: str, use: str, subject: str) -> Material:
    """An imported key: the PEM (or bare base64) private key, and its certificate when given. A certificate
    that does not match the key is refused, as Keycloak refuses it."""
    try:
        private = serialization.load_pem_private_key(_pem(private_key, "PRIVATE KEY"), None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise InvalidInput("Failed to decode private key", field="privateKey") from exc
    if not isinstance(private, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        raise InvalidInput("Failed to decode private key", field="privateKey")
    cert_b64 = None
    if certificate:
        try:
            cert = x509.load_pem_x509_certificate(_pem(certificate, "CERTIFICATE"))
        except ValueError as exc:
            raise InvalidInput("Failed to decode certificate", field="certificate") from exc
        if cert.public_key() != private.public_key():
            raise InvalidInput("Certificate does not match private key", field="certificate")
        cert_b64 = _b64(cert.public_bytes(serialization.Encoding.DER))
    return _asymmetric(private, alg, use, subject, cert_b64)


def private_pem_body(jwk: JWK) -> str:
    """The private key as Keycloak keeps it in a provider's config: PEM without its armour."""
    pem = jwk.export_to_pem(private_key=True, password=None).decode()
    return "".join(line for line in pem.splitlines() if not line.startswith("-----"))


def public_key_b64(jwk: JWK) -> str | None:
    if jwk.get("kty") == "oct":
        return None
    pem = jwk.export_to_pem(private_key=False)
    public = serialization.load_pem_public_key(pem)
    return _b64(
        public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def certificate_valid_to(certificate: str | None) -> int | None:
    """Epoch milliseconds of the certificate's end."""
    if not certificate:
        return None
    cert = x509.load_der_x509_certificate(base64.b64decode(certificate))
    return int(cert.not_valid_after_utc.timestamp() * 1000)
