"""Shared field helpers."""

from __future__ import annotations

import time
import uuid

from tortoise import fields


def new_id() -> str:
    return str(uuid.uuid4())


def now_ms() -> int:
    return int(time.time() * 1000)


def id_field() -> fields.CharField[str]:
    """String primary keys: Keycloak ids are UUIDs, but imports may bring any string."""
    return fields.CharField(max_length=64, primary_key=True, default=new_id)
