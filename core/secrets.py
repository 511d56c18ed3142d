"""Encryption of secrets at rest (private keys, client secrets) with a key-encryption key.

The key-encryption key comes from ``IAMGRAPH_SECRET_KEY`` or from a key file made on first start, outside
the database: a stolen database alone reveals no private key and no client secret.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_PREFIX = "v1:"


class SecretBox:
    """AES-256-GCM with a random nonce per value; the ciphertext is text so it fits any column."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("key-encryption key must be 32 bytes")
        self._aead = AESGCM(key)

    @classmethod
    def from_passphrase(cls, passphrase: str) -> SecretBox:
        return cls(hashlib.sha256(b"iamgraph-kek:" + passphrase.encode()).digest())

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

    def open(self, token: str) -> str:
        if not token.startswith(_PREFIX):
            raise ValueError("unknown secret format")
        raw = base64.urlsafe_b64decode(token[len(_PREFIX) :])
        return self._aead.decrypt(raw[:12], raw[12:], None).decode()
