"""Batch functions of the lowball aggregate (see ``schema.kit.loaders``)."""

from __future__ import annotations

from core.lowball_token import LowballTokenData
from resolvers.kit.actor import Actor
from resolvers.lowball import tokens
from schema.kit.node import visible_or_none


async def visible_tokens(actor: Actor | None, keys: list[str]) -> list[LowballTokenData | None]:
    return [await visible_or_none(tokens.get_token(actor, key)) for key in keys]
