"""Keycloak's query-string conventions that several endpoints share."""

from __future__ import annotations

from core.errors import InvalidInput


def attribute_filter(q: str | None) -> dict[str, str]:
    """Keycloak's ``q``: space-separated ``key:value`` pairs, each an attribute the result must hold."""
    pairs: dict[str, str] = {}
    for part in (q or "").split():
        key, sep, value = part.partition(":")
        if not sep or not key:
            raise InvalidInput(f"Invalid q parameter '{part}': expected key:value")
        pairs[key] = value
    return pairs
