"""The checks every boundary runs once on untrusted input, before a value reaches a resolver.

Each REST dialect (through ``rest_compat.routing.Call``) and the GraphQL endpoint parse with these, so a
value the store cannot hold is refused as ``InvalidInput`` in the caller's dialect rather than failing in
the database: PostgreSQL rejects NUL characters, neither database can encode an unpaired UTF-16
surrogate, integer columns and the JSON encoder stop at 64 bits, and nesting deep enough to exhaust the
encoders' recursion is never a legitimate representation.
"""

from __future__ import annotations

import json
from typing import Any

from core.errors import InvalidInput

# Deep enough for any representation (a realm export nests about eight levels), shallow enough for
# every encoder on the way to the store.
MAX_DEPTH = 64
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# Keycloak's paging and similar query integers are Java ints.
INT32_MAX = 2**31 - 1


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or ``None`` when it can."""
    if "\x00" in value:
        return "must not contain NUL characters"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "must not contain unpaired surrogates"
    return None


def check_text(value: str, name: str, field: str | None = None) -> str:
    problem = text_problem(value)
    if problem:
        raise InvalidInput(f"{name} {problem}", field=field)
    return value


def check_tree(value: Any, name: str = "body") -> None:
    """Walk a decoded JSON value (iteratively: it may be deep) and refuse what the store cannot hold."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                raise InvalidInput(f"Invalid JSON {name}: strings {problem}")
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not INT64_MIN <= item <= INT64_MAX:
                raise InvalidInput(f"Invalid JSON {name}: integers must fit in 64 bits")
        elif isinstance(item, float):
            if item != item or item in (float("inf"), float("-inf")):
                raise InvalidInput(f"Invalid JSON {name}: numbers must be finite")
        elif isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                raise InvalidInput(f"Invalid JSON {name}: nested deeper than {MAX_DEPTH} levels")
            if isinstance(item, dict):
                for key, child in item.items():
                    stack.append((key, depth))
                    stack.append((child, depth + 1))
            else:
                stack.extend((child, depth + 1) for child in item)


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def parse_json(raw: bytes | str, name: str = "body") -> Any:
    """Strict JSON: UTF-8, no NaN or Infinity, then ``check_tree``. Errors name no parser internals."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"Malformed JSON {name}: not UTF-8 text") from exc
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError as exc:
        raise InvalidInput(f"Invalid JSON {name}: nested deeper than {MAX_DEPTH} levels") from exc
    except ValueError as exc:
        raise InvalidInput(f"Malformed JSON {name}") from exc
    check_tree(value, name)
    return value


def parse_int(
    raw: str, name: str, minimum: int = INT64_MIN, maximum: int = INT64_MAX, field: str | None = None
) -> int:
    """A decimal integer in ASCII digits (``int()`` alone also takes other scripts' digits, underscores
    and spaces) within ``minimum`` and ``maximum``."""
    digits = raw[1:] if raw[:1] == "-" else raw
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidInput(f"{name} must be an integer", field=field)
    # Past 20 digits the value is out of any range here; int() of thousands of digits is refused anyway.
    value = int(raw) if len(digits) <= 20 else (minimum - 1 if raw[0] == "-" else maximum + 1)
    if value < minimum:
        raise InvalidInput(f"{name} must be at least {minimum}", field=field)
    if value > maximum:
        raise InvalidInput(f"{name} must be at most {maximum}", field=field)
    return value
