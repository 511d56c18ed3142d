"""``iamgraph rotate-secret-key``: every sealed value in the database opened with the current key and sealed
again with a new one, and the key marker rewritten for the new key, in one transaction: either the whole
database opens with the new key afterwards, or nothing changed.

The sealed values are found by their form, in every text and JSON column of every model (private keys,
client secrets, sealed realm settings and credentials, component and identity-provider configuration,
nested anywhere in a JSON document), so that a secret added later is rotated without being listed here.
Only values the current key opens are re-sealed."""

from __future__ import annotations

import asyncio
import base64
import os
from typing import Any

from tortoise import Tortoise, fields
from tortoise.models import Model
from tortoise.transactions import in_transaction

from core.secrets import MARKER_TEXT, SecretBox, is_sealed
from models import KeyMarker


class _Resealer:
    def __init__(self, old: SecretBox, new: SecretBox) -> None:
        self.old, self.new = old, new
        self.count = 0

    def value(self, value: Any) -> Any:
        """``value`` with every sealed string in it sealed again (the same object when nothing changed)."""
        if is_sealed(value) and self.old.opens(value):
            self.count += 1
            return self.new.seal(self.old.open(value))
        if isinstance(value, dict):
            changed = {k: self.value(v) for k, v in value.items()}
            return changed if any(changed[k] is not value[k] for k in value) else value
        if isinstance(value, list):
            items = [self.value(v) for v in value]
            return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
        return value


def _columns(model: type[Model]) -> tuple[list[str], list[str]]:
    """The model's text columns and JSON columns."""
    text: list[str] = []
    documents: list[str] = []
    for name, field in model._meta.fields_map.items():
        if isinstance(field, fields.JSONField):
            documents.append(name)
        elif isinstance(field, (fields.CharField, fields.TextField)) and not field.pk:
            text.append(name)
    return text, documents


async def _reseal_model(model: type[Model], resealer: _Resealer) -> None:
    pk = model._meta.pk_attr
    text, documents = _columns(model)
    for name in text:
        rows = await model.filter(**{f"{name}__startswith": "v1:"}).values_list(pk, name)
        for key, value in rows:
            sealed = resealer.value(value)
            if sealed is not value:
                await model.filter(**{pk: key}).update(**{name: sealed})
    for name in documents:
        for key, document in await model.all().values_list(pk, name):
            sealed = resealer.value(document)
            if sealed is not document:
                await model.filter(**{pk: key}).update(**{name: sealed})


async def rotate(old: SecretBox, new: SecretBox, kdf: str, salt: str | None) -> int:
    """Re-seals everything ``old`` opens with ``new`` and marks the database as sealed by ``new`` (how it
    is derived: ``kdf`` and ``salt``, as the key marker records them); the number of values re-sealed."""
    resealer = _Resealer(old, new)
    async with in_transaction():
        for model in Tortoise.apps["models"].values():
            if model is not KeyMarker:
                await _reseal_model(model, resealer)
        await KeyMarker.filter(id=1).update(kdf=kdf, salt=salt, check=new.seal(MARKER_TEXT))
    return resealer.count


async def passphrase_key(passphrase: str) -> tuple[SecretBox, str]:
    """A key derived from a new passphrase with a new salt, and that salt as the marker keeps it."""
    salt = base64.urlsafe_b64encode(os.urandom(16)).decode()
    raw = base64.urlsafe_b64decode(salt)
    return await asyncio.to_thread(SecretBox.from_passphrase, passphrase, raw), salt
