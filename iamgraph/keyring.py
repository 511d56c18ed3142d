"""The key-encryption key checked against the database's key marker at start.

A database is sealed by one key. The first start writes a marker sealed with it; every later start (any
instance, any process) derives its key the way the marker says and must open the marker, or it refuses to
start with a message that says what to do, instead of serving and failing on every secret.
"""

from __future__ import annotations

import asyncio
import base64
import os

from tortoise.transactions import in_transaction

from core import runtime
from core.secrets import MARKER_TEXT, SecretBox
from core.settings import Settings
from models import Key, KeyMarker


class KeyMismatch(RuntimeError):
    """This instance's key is not the one the database was sealed with."""


async def unlock(settings: Settings) -> None:
    """Derive the key, check it against the marker (writing it on the first start), and hand it to
    ``core.runtime``. Runs under the start lock, after migrations."""
    marker = await KeyMarker.get_or_none(id=1)
    if marker is None:
        box, kdf, salt = await _first_key(settings)
        async with in_transaction():
            await KeyMarker.create(id=1, kdf=kdf, salt=salt, check=box.seal(MARKER_TEXT))
    else:
        box = await _derive(settings, marker.kdf, marker.salt)
        if not box.opens(marker.check):
            raise KeyMismatch(_mismatch(settings, marker.kdf))
    runtime.unlock(box)


async def _first_key(settings: Settings) -> tuple[SecretBox, str, str | None]:
    """The key of a database without a marker: a new one, or one sealed before markers existed (its
    secrets decide which derivation it used)."""
    row = await Key.filter(private_enc__not_isnull=True).first()
    sealed = row.private_enc if row is not None else None
    if not settings.secret_key:
        box = runtime.secret_box()  # the key file's
        if sealed and not box.opens(sealed):
            raise KeyMismatch(_mismatch(settings, "file"))
        return box, "file", None
    if sealed:
        legacy = SecretBox.from_passphrase(settings.secret_key, None)
        if not legacy.opens(sealed):
            raise KeyMismatch(_mismatch(settings, "sha256"))
        return legacy, "sha256", None
    salt = base64.urlsafe_b64encode(os.urandom(16)).decode()
    return await _derive(settings, "scrypt", salt), "scrypt", salt


async def _derive(settings: Settings, kdf: str, salt: str | None) -> SecretBox:
    if kdf == "file":
        if settings.secret_key:
            raise KeyMismatch(
                "this database is sealed with a key file, but IAMGRAPH_SECRET_KEY is set: unset it and give "
                "this instance the key file of the first one (IAMGRAPH_KEY_FILE)"
            )
        return runtime.secret_box()
    if not settings.secret_key:
        raise KeyMismatch(
            "this database is sealed with a passphrase: set IAMGRAPH_SECRET_KEY to the passphrase the first "
            "instance was given"
        )
    if kdf == "sha256":
        return SecretBox.from_passphrase(settings.secret_key, None)
    raw_salt = base64.urlsafe_b64decode(salt or "")
    return await asyncio.to_thread(SecretBox.from_passphrase, settings.secret_key, raw_salt)


def _mismatch(settings: Settings, kdf: str) -> str:
    if kdf == "file":
        return (
            f"the key file {settings.key_file} is not the one this database was sealed with: give every "
            "instance a copy of the first instance's key file (IAMGRAPH_KEY_FILE), or the same "
            "IAMGRAPH_SECRET_KEY"
        )
    return (
        "IAMGRAPH_SECRET_KEY is not the passphrase this database was sealed with: give every instance the "
        "same IAMGRAPH_SECRET_KEY"
    )
