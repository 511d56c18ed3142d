"""A small HTML client for the login pages: the stdlib parser finds the page's forms and their fields,
posting one follows the server's redirects until the browser would leave for the relying party."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    id: str | None = None
    pressed: bool = False


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.texts: dict[str, str] = {}
        self.hrefs: dict[str, str] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower(), id=a.get("id")))
        elif tag == "input" and self.forms and a.get("name"):
            if a.get("type") in ("text", "password", "hidden", "email", None, ""):
                self.forms[-1].fields[a["name"]] = a.get("value", "")
        elif tag == "button" and self.forms and a.get("name") and not self.forms[-1].pressed:
            # Submitting a form presses its first button, as a browser's Enter does.
            self.forms[-1].pressed = True
            self.forms[-1].fields[a["name"]] = a.get("value", "")
        if a.get("id"):
            self._open = a["id"]
            self.texts.setdefault(a["id"], "")
            if tag == "a":
                self.hrefs[a["id"]] = a.get("href", "")

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.texts[self._open] += data.strip()


@dataclass
class Page:
    url: str
    status: int
    html: str
    forms: list[Form]
    texts: dict[str, str]
    hrefs: dict[str, str]

    @property
    def form(self) -> Form:
        assert self.forms, f"no form on the page: {self.html[:500]}"
        return self.forms[0]


@dataclass
class Arrival:
    """The browser reached the relying party's redirect URI."""

    url: str

    @property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.url).query).items()}


class Browser:
    def __init__(self, base_url: str, leave_for: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=30, follow_redirects=False)
        self.base_url = base_url
        self.leave_for = leave_for

    def _follow(self, response: httpx.Response) -> Page | Arrival:
        while response.is_redirect:
            location = urljoin(str(response.url), response.headers["location"])
            if location.startswith(self.leave_for):
                return Arrival(location)
            response = self.http.get(location)
        parser = _Parser()
        parser.feed(response.text)
        return Page(
            str(response.url), response.status_code, response.text, parser.forms, parser.texts, parser.hrefs
        )

    def get(self, url: str, **params: str) -> Page | Arrival:
        return self._follow(self.http.get(url, params=params))

    def submit(self, page: Page | Arrival, **values: str) -> Page | Arrival:
        assert isinstance(page, Page), f"expected a page, arrived at {page}"
        form = page.form
        data = form.fields | values
        return self._follow(self.http.request(form.method.upper(), urljoin(page.url, form.action), data=data))


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
