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
