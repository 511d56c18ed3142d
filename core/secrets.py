"""Encryption of secrets at rest (private keys, client secrets) with a key-encryption key.

The key-encryption key comes from ``IAMGRAPH_SECRET_KEY`` or from a key file made on first start, outside
the database: a stolen database alone reveals no private key and no client secret.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

_PREFIX = "v1:"
# scrypt's cost (2^15, r=8: 32 MiB and some 100 ms once per start) makes each guess at a passphrase as dear.
SCRYPT_N = 2**15
# What the key marker seals: a database opens with a key only if the key opens this.
MARKER_TEXT = "iamgraph key marker"


def is_sealed(value: object) -> bool:
    """Whether ``value`` has the form of a sealed secret (not whether any given key opens it)."""
    return isinstance(value, str) and value.startswith(_PREFIX)


class SecretBox:
    """AES-256-GCM with a random nonce per value; the ciphertext is text so it fits any column."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("key-encryption key must be 32 bytes")
        self._aead = AESGCM(key)

    @classmethod
    def from_passphrase(cls, passphrase: str, salt: bytes | None) -> SecretBox:
        """The key derived from a passphrase with scrypt and the database's salt. ``None``: the single
        SHA-256 of databases sealed before the key marker existed, kept so that they still open."""
        if salt is None:
            return cls(hashlib.sha256(b"iamgraph-kek:" + passphrase.encode()).digest())
        return cls(Scrypt(salt=salt, length=32, n=SCRYPT_N, r=8, p=1).derive(passphrase.encode()))

    @classmethod
    def from_key_file(cls, path: Path) -> SecretBox:
        """Read the key file, creating it (mode 0600) with 32 random bytes when it does not exist."""
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(base64.urlsafe_b64encode(os.urandom(32)).decode())
        return cls(base64.urlsafe_b64decode(path.read_text().strip()))

    def seal(self, plaintext: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), None)
        return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()

    def opens(self, token: str) -> bool:
        """Whether this key opens ``token`` (sealed by the same key)."""
        try:
            self.open(token)
        except (ValueError, InvalidTag):
            return False
        return True

    def open(self, token: str) -> str:
        if not token.startswith(_PREFIX):
            raise ValueError("unknown secret format")
        raw = base64.urlsafe_b64decode(token[len(_PREFIX) :])
        return self._aead.decrypt(raw[:12], raw[12:], None).decode()
