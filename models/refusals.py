"""How the store refuses a value as such, told apart from every other failure.

A value the boundary let through can still be one the store cannot hold: longer than its column (the ORM
checks ``max_length`` on SQLite and PostgreSQL alike; PostgreSQL also checks the statements written in
SQL), out of an integer column's range, or text the driver cannot encode. Each is the caller's input,
never a fault of the server, so the boundaries answer it as invalid input without the database's text.
"""

from __future__ import annotations

from tortoise.exceptions import ValidationError

# PostgreSQL's SQLSTATE class 22, "data exception": too long, out of range, invalid text
# representation, untranslatable or invalid characters.
_DATA_EXCEPTION_CLASS = "22"
# What a caller is told instead: the store's own text names columns, types and the value itself.
REFUSED_MESSAGE = "A value is too long or otherwise not valid for its field"


def refused_value(exc: BaseException) -> bool:
    """Whether ``exc`` (or what it wraps) is the ORM or the database refusing a value it was given."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (ValidationError, OverflowError, UnicodeEncodeError)):
            return True
        sqlstate = getattr(current, "sqlstate", None)
        if isinstance(sqlstate, str) and sqlstate.startswith(_DATA_EXCEPTION_CLASS):
            return True
        # asyncpg's client-side DataError: an argument it cannot encode for its parameter's type.
        if type(current).__module__.startswith("asyncpg") and isinstance(current, ValueError):
            return True
        current = current.__cause__ or current.__context__
    return False
