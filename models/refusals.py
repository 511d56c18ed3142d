"""How the store refuses a value as such, told apart from every other failure.

A value the boundary let through can still be one the store cannot hold: longer than its column (the ORM
checks ``max_length`` on SQLite and PostgreSQL alike; PostgreSQL also checks the statements written in
SQL), out of an integer column's range, text the driver cannot encode, or so many values in one request
that a statement would pass the database's limit on parameters. Each is the caller's input, never a
fault of the server, so the boundaries answer it as invalid input, without the database's own text.
"""

from __future__ import annotations

from tortoise.exceptions import ValidationError

# What a caller is told instead: the store's own text names columns, types and the value itself.
REFUSED_MESSAGE = "A value is too long or otherwise not valid for its field"
TOO_MANY_MESSAGE = "The request names too many values at once"

# PostgreSQL's SQLSTATE classes 22, "data exception" (too long, out of range, invalid text, untranslatable
# characters), and 54, "program limit exceeded" (an index row or a statement too large).
_DATA_EXCEPTION, _LIMIT_EXCEEDED = "22", "54"
# asyncpg's and SQLite's words for a statement with more parameters than they bind.
_TOO_MANY_PARAMETERS = ("number of query arguments cannot exceed", "too many SQL variables")


def refusal(exc: BaseException | None) -> str | None:
    """What to tell the caller when ``exc`` (or what it wraps) is the ORM or the database refusing a
    value it was given; ``None`` for any other failure."""
    seen: set[int] = set()
    current = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (ValidationError, OverflowError, UnicodeEncodeError)):
            return REFUSED_MESSAGE
        if any(words in str(current) for words in _TOO_MANY_PARAMETERS):
            return TOO_MANY_MESSAGE
        sqlstate = getattr(current, "sqlstate", None)
        if isinstance(sqlstate, str) and sqlstate.startswith((_DATA_EXCEPTION, _LIMIT_EXCEEDED)):
            return REFUSED_MESSAGE
        # asyncpg's client-side DataError: an argument it cannot encode for its parameter's type.
        if type(current).__module__.startswith("asyncpg") and isinstance(current, ValueError):
            return REFUSED_MESSAGE
        current = current.__cause__ or current.__context__
    return None
