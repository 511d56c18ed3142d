"""Keycloak-style attribute maps, shared by users, groups and roles: one validator, one visibility rule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.errors import InvalidInput
from resolvers.kit.management import PERMISSIONS_KEY

RESERVED = frozenset({PERMISSIONS_KEY})
"""Attribute names the server keeps for itself: refused from callers, never shown."""


def check_attributes(attributes: object) -> dict[str, list[str]]:
    """Keycloak-style attributes: each name maps to a list of strings (a lone string is taken as one)."""
    if not isinstance(attributes, dict):
        raise InvalidInput("attributes must be an object of string lists", field="attributes")
    out: dict[str, list[str]] = {}
    for key, values in attributes.items():
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise InvalidInput(f"attribute {key} must be a list of strings", field="attributes")
        out[str(key)] = values
    reserved = RESERVED & out.keys()
    if reserved:
        raise InvalidInput(f"attribute {min(reserved)} is reserved", field="attributes")
    return out


def visible_attributes(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """An object's attributes without the reserved ones."""
    return {k: v for k, v in attributes.items() if k not in RESERVED}
