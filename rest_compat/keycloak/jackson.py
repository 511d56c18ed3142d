"""JSON values read as Keycloak's Jackson mapper reads them into a representation's typed fields.

Jackson (Keycloak's ``JsonSerialization`` mapper) takes ``"true"``/``"false"`` for a boolean, a numeric
string for an integer, any scalar for a string, and ``""`` for "not given"; anything it cannot read fails
the whole request. Each reader here does the same for one field and names the field when it fails. Where
Jackson's default coercions guess further (a number as a boolean, a fraction cut to an integer), these
readers refuse instead: a 400 naming the field, never a misread value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from core.errors import InvalidInput

_TRUE = ("true", "True", "TRUE")
_FALSE = ("false", "False", "FALSE")


def _refuse(field: str, kind: str) -> InvalidInput:
    return InvalidInput(f"{field} must be {kind}", field=field)


def boolean(value: Any, field: str) -> bool | None:
    """A ``Boolean`` field; ``None`` when absent (JSON null or an empty string)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if text in ("", "null"):
            return None
    raise _refuse(field, "a boolean")


def integer(value: Any, field: str, *, long: bool = False) -> int | None:
    """An ``Integer`` (or, with ``long``, a ``Long``) field; ``None`` when absent. A value out of the
    type's range fails, as in Jackson."""
    found: int | None = None
    if value is None:
        return None
    if isinstance(value, bool):
        raise _refuse(field, "an integer")
    if isinstance(value, int):
        found = value
    elif isinstance(value, str):
        stripped = value.strip()
        if stripped in ("", "null"):
            return None
        digits = stripped[1:] if stripped[:1] in "+-" else stripped
        if digits.isascii() and digits.isdigit() and len(digits) <= 20:
            found = int(stripped)
    bound = 2**63 if long else 2**31
    if found is None or not -bound <= found < bound:
        raise _refuse(field, "an integer")
    return found


def text(value: Any, field: str) -> str | None:
    """A ``String`` field: a number or boolean is taken as its JSON text."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float) and not (isinstance(value, float) and not math.isfinite(value)):
        return str(value)
    raise _refuse(field, "a string")


def text_map(value: Any, field: str) -> dict[str, str | None] | None:
    """A ``Map<String, String>`` field."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise _refuse(field, "an object")
    return {str(k): text(v, f"{field}.{k}") for k, v in value.items()}


def booleans(rep: Mapping[str, Any], names: tuple[str, ...], where: str = "") -> dict[str, Any]:
    """``rep`` with each of its ``names`` read as a boolean."""
    return {k: boolean(v, where + k) if k in names else v for k, v in rep.items()}


def integers(rep: Mapping[str, Any], names: tuple[str, ...], where: str = "") -> dict[str, Any]:
    """``rep`` with each of its ``names`` read as an integer."""
    return {k: integer(v, where + k) if k in names else v for k, v in rep.items()}
