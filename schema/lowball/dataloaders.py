"""Batch functions of the lowball aggregate (see ``schema.kit.loaders``)."""

from __future__ import annotations

from resolvers.kit.actor import Actor
from resolvers.lowball import clients as lowball
from schema.kit.node import visible_or_none


async def visible_tokens(actor: Actor | None, keys: list[str]) -> list[lowball.TokenData | None]:
    return [await visible_or_none(lowball.get_token(actor, key)) for key in keys]
