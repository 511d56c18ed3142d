"""Key stores as Keycloak hands them out: PKCS#12 (built by ``cryptography``) and Java's JKS.

JKS has no Python writer in the dependencies, so this module writes and reads its one entry kind that
matters here: a private key with its certificate chain, the key protected with Sun's ``JavaKeyStore``
key protector (SHA-1 keystream, OID 1.3.6.1.4.1.42.2.17.1.1), the store sealed with the SHA-1 digest
keyed by the store password and "Mighty Aphrodite", as ``keytool`` does.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
import time

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import pkcs12

from core.errors import InvalidInput

_MAGIC = 0xFEEDFEED
_KEY_PROTECTOR_OID = bytes.fromhex("060a2b060104012a021101 01".replace(" ", ""))
_WHITENER = b"Mighty Aphrodite"


def _der(tag: int, body: bytes) -> bytes:
    n = len(body)
    if n < 0x80:
        return bytes([tag, n]) + body
    size = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + body


def _der_read(data: bytes, at: int) -> tuple[int, bytes, int]:
    """(tag, body, next offset) of the DER element at ``at``."""
    tag, first = data[at], data[at + 1]
    at += 2
    if first & 0x80:
        count = first & 0x7F
        length = int.from_bytes(data[at : at + count], "big")
        at += count
    else:
        length = first
    return tag, data[at : at + length], at + length


def _keystream(password: bytes, salt: bytes, size: int) -> bytes:
    out, digest = b"", salt
    while len(out) < size:
        digest = hashlib.sha1(password + digest).digest()
        out += digest
    return out[:size]


def _utf16(password: str) -> bytes:
    return password.encode("utf-16-be")


def _protect(pkcs8: bytes, password: str) -> bytes:
    salt = os.urandom(20)
    pw = _utf16(password)
    encrypted = bytes(a ^ b for a, b in zip(pkcs8, _keystream(pw, salt, len(pkcs8)), strict=True))
    check = hashlib.sha1(pw + pkcs8).digest()
    algorithm = _der(0x30, _KEY_PROTECTOR_OID + b"\x05\x00")
    return _der(0x30, algorithm + _der(0x04, salt + encrypted + check))


def _unprotect(info: bytes, password: str) -> bytes:
    _, body, _ = _der_read(info, 0)
    _, _, at = _der_read(body, 0)
    _, protected, _ = _der_read(body, at)
    salt, encrypted, check = protected[:20], protected[20:-20], protected[-20:]
    pw = _utf16(password)
    plain = bytes(a ^ b for a, b in zip(encrypted, _keystream(pw, salt, len(encrypted)), strict=True))
    if not hmac.compare_digest(hashlib.sha1(pw + plain).digest(), check):
        raise InvalidInput("The key password is wrong")
    return plain


def _utf(text: str) -> bytes:
    raw = text.encode("utf-8")
    return struct.pack(">H", len(raw)) + raw


def write_jks(
    alias: str, key: RSAPrivateKey, chain: list[x509.Certificate], store_password: str, key_password: str
) -> bytes:
    pkcs8 = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    protected = _protect(pkcs8, key_password)
    entry = struct.pack(">I", 1) + _utf(alias) + struct.pack(">Q", int(time.time() * 1000))
    entry += struct.pack(">I", len(protected)) + protected + struct.pack(">I", len(chain))
    for cert in chain:
        der = cert.public_bytes(serialization.Encoding.DER)
        entry += _utf("X.509") + struct.pack(">I", len(der)) + der
    body = struct.pack(">III", _MAGIC, 2, 1) + entry
    return body + hashlib.sha1(_utf16(store_password) + _WHITENER + body).digest()


def read_jks(
    data: bytes, alias: str | None, store_password: str, key_password: str | None
) -> tuple[bytes | None, x509.Certificate]:
    """The PKCS#8 private key (with ``key_password``) and certificate of entry ``alias`` (or the first)."""
    try:
        body, digest = data[:-20], data[-20:]
        magic, _, count = struct.unpack(">III", body[:12])
        if magic != _MAGIC:
            raise InvalidInput("Not a JKS key store")
        if not hmac.compare_digest(hashlib.sha1(_utf16(store_password) + _WHITENER + body).digest(), digest):
            raise InvalidInput("The key store password is wrong")
        at = 12
        for _ in range(count):
            tag = struct.unpack(">I", body[at : at + 4])[0]
            size = struct.unpack(">H", body[at + 4 : at + 6])[0]
            name = body[at + 6 : at + 6 + size].decode()
            at += 6 + size + 8
            protected = None
            if tag == 1:
                length = struct.unpack(">I", body[at : at + 4])[0]
                protected = body[at + 4 : at + 4 + length]
                at += 4 + length
                chain_len = struct.unpack(">I", body[at : at + 4])[0]
                at += 4
            else:
                chain_len = 1
            certs = []
            for _ in range(chain_len):
                size = struct.unpack(">H", body[at : at + 2])[0]
                at += 2 + size
                length = struct.unpack(">I", body[at : at + 4])[0]
                certs.append(body[at + 4 : at + 4 + length])
                at += 4 + length
            if alias is None or name.lower() == alias.lower():
                key = _unprotect(protected, key_password or store_password) if protected else None
                return key, x509.load_der_x509_certificate(certs[0])
    except (struct.error, ValueError, IndexError, UnicodeDecodeError) as exc:
        raise InvalidInput("The key store cannot be read") from exc
    raise InvalidInput(f"The key store holds no entry {alias}")


def write_pkcs12(alias: str, key: RSAPrivateKey, chain: list[x509.Certificate], store_password: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        alias.encode(),
        key,
        chain[0],
        chain[1:] or None,
        serialization.BestAvailableEncryption(store_password.encode()),
    )


def read_pkcs12(data: bytes, store_password: str) -> tuple[bytes | None, x509.Certificate]:
    try:
        key, cert, _ = pkcs12.load_key_and_certificates(data, store_password.encode())
    except ValueError as exc:
        raise InvalidInput("The key store cannot be read with this password") from exc
    if cert is None:
        raise InvalidInput("The key store holds no certificate")
    pkcs8 = (
        key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        if key is not None
        else None
    )
    return pkcs8, cert
