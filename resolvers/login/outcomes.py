"""What a step of the browser login answers: a page to render, a redirect (with cookies), or an error
page (never a redirect to an unverified URI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Cookie name -> (value, max-age seconds or None for the browser session); None deletes it.
Cookies = dict[str, tuple[str, int | None] | None]

IDENTITY_COOKIE = "KEYCLOAK_IDENTITY"
CSRF_COOKIE = "KEYCLOAK_LOGIN_CSRF"


@dataclass(frozen=True)
class Page:
    template: str
    values: dict[str, Any]
    cookies: Cookies = field(default_factory=dict)
    status: int = 200


@dataclass(frozen=True)
class Redirect:
    location: str
    cookies: Cookies = field(default_factory=dict)


Outcome = Page | Redirect


def error_page(message: str, status: int = 400) -> Page:
    return Page("error.html", {"message": message}, status=status)
