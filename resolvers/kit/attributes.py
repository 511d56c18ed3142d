"""Validation of Keycloak-style attribute maps, shared by users, groups and roles."""

from __future__ import annotations

from typing import Any

from core.errors import InvalidInput


def check_attributes(attributes: Any) -> dict[str, list[str]]:
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
    return out
