"""What the gate refuses in any answer: a 5xx, or internal text (a traceback, the driver's or the ORM's
names, database messages), or in GraphQL an error masked as internal."""

from __future__ import annotations

from schemathesis import Case, Response

LEAKS = (
    "Traceback",
    'File "',
    "asyncpg",
    "sqlite3",
    "aiosqlite",
    "tortoise.",
    "IntegrityError",
    "OperationalError",
    "ValidationError",
    "violates",
    "syntax error at",
    "invalid byte sequence",
    "invalid input for query argument",
    "codec can't",
    "Length of '",
)


def check(case: Case, response: Response) -> None:
    where = f"\n{case.as_curl_command()}\n-> {response.status_code} {response.text[:600]}"
    assert response.status_code < 500, f"server error{where}"
    text = response.text
    for leak in LEAKS:
        assert leak not in text, f"internal text {leak!r} in the answer{where}"
    if "INTERNAL_SERVER_ERROR" in text:
        raise AssertionError(f"GraphQL error masked as internal (a bug in a resolver){where}")
