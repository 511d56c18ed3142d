from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class CacheVersion(Model):
    """A version counter per cached thing (a realm's keys, a flavor's policy set). Writers bump it in
    their transaction, every instance drops its in-process copy when it sees a newer version."""

    name = fields.CharField(max_length=255, primary_key=True)
    version = fields.BigIntField(default=0)

    class Meta:
        table = "cache_version"


class KeyMarker(Model):
    """Which key-encryption key seals this database's secrets: how it is derived (``kdf``: ``file`` for a
    key file, ``scrypt`` with ``salt`` for a passphrase, ``sha256`` for passphrases of databases sealed
    before the marker) and a value sealed with it, so that an instance given another key refuses to start
    instead of failing on every secret. One row."""

    id = fields.IntField(primary_key=True)
    kdf = fields.CharField(max_length=16)
    salt = fields.CharField(max_length=64, null=True)
    check = fields.TextField()

    class Meta:
        table = "key_marker"


class RateCounter(Model):
    """Requests counted in one fixed window for one limited key (a hash of what is limited and the
    window's number), shared by every instance: incremented by one atomic UPDATE."""

    key = fields.CharField(max_length=80, primary_key=True)
    expires = fields.BigIntField()
    count = fields.IntField(default=0)

    class Meta:
        table = "rate_counter"
        indexes = (("expires",),)
