"""Records REST exchanges as stable entries: generated ids become numbered placeholders in order of first
appearance (so relations between responses stay checked), and volatile values (times, tokens, secrets, key
material) become fixed markers."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
JWT = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")
# Values that change with the clock: masked when set, kept when 0 or empty (that difference is behaviour).
TIME_KEYS = frozenset(
    {
        "createdTimestamp",
        "createdDate",
        "lastUpdatedDate",
        "time",
        "start",
        "lastAccess",
        "notBefore",
        "iat",
        "exp",
        "nbf",
        "auth_time",
        "lastFailure",
        "cts",
        "ets",
    }
)
# Random material with no relation worth checking.
OPAQUE_KEYS = frozenset(
    {
        "access_token",
        "refresh_token",
        "id_token",
        "token",
        "jwt",
        "secret",
        "n",
        "x5c",
        "x5t",
        "x5t#S256",
        "publicKey",
        "certificate",
        "privateKey",
    }
)
# Generated ids that are not UUIDs but are referred to later (lowball token ids, key ids).
NAMED_ID_KEYS = {"tid": "tid", "kid": "kid"}
HEADERS = ("content-type", "location", "cache-control", "www-authenticate")
Body = dict[str, Any] | list[Any] | str | int | float | bool | None


class Masker:
    """Turns raw values into their stable form; one instance per recorded run."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.ids: dict[str, str] = {}
        self.counts: dict[str, int] = {}

    def name(self, value: str, kind: str = "id") -> str:
        if value not in self.ids:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            self.ids[value] = f"<{kind}:{self.counts[kind]}>"
        return self.ids[value]

    def text(self, value: str) -> str:
        value = value.replace(self.base_url, "<base>")
        value = JWT.sub("<jwt>", value)
        value = UUID.sub(lambda m: self.name(m.group(0).lower()), value)
        for raw, placeholder in self.ids.items():
            if not UUID.fullmatch(raw) and raw in value:
                value = value.replace(raw, placeholder)
        return value

    def value(self, value: Any, key: str | None = None) -> Any:
        if key in TIME_KEYS and value not in (0, None, "", [], {}):
            return "<time>"
        if key in OPAQUE_KEYS and isinstance(value, str | list) and value:
            return f"<{key}>"
        if key in NAMED_ID_KEYS and isinstance(value, str) and value:
            return self.name(value, NAMED_ID_KEYS[key])
        if key == "representation" and isinstance(value, str):
            try:
                return {"<json>": self.value(json.loads(value))}
            except ValueError:
                return self.text(value)
        if isinstance(value, dict):
            return {self.text(k): self.value(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, str):
            return self.text(value)
        return value

    def peek(self, value: Any) -> str:
        """A sort key for an element of an unordered list that assigns no new placeholders."""
        saved_ids, saved_counts = dict(self.ids), dict(self.counts)
        try:
            return json.dumps(self.value(value), sort_keys=True)
        finally:
            self.ids, self.counts = saved_ids, saved_counts


class Recorder:
    """Sends the script's requests and keeps one masked entry per request."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=30)
        self.mask = Masker(base_url)
        self.entries: list[dict[str, Any]] = []
        self.tokens: dict[str, str] = {}
        self.section = ""

    def close(self) -> None:
        self.http.close()

    def caller(self, name: str, token: str) -> None:
        """Name a bearer token; requests then say ``as_=name``."""
        self.tokens[name] = token

    def call(
        self,
        method: str,
        path: str,
        *,
        as_: str | None = None,
        json_body: Any = None,
        form: dict[str, str] | None = None,
        content: bytes | str | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        unordered: str | None = None,
    ) -> httpx.Response:
        """One request. ``unordered`` names a list the API gives no order for (``"."`` is the body
        itself): it is sorted before masking."""
        sent = dict(headers or {})
        if as_ is not None:
            sent["Authorization"] = f"Bearer {self.tokens[as_]}"
        kwargs: dict[str, Any] = {"params": params, "headers": sent, "auth": auth}
        if json_body is not None:
            kwargs["json"] = json_body
        elif form is not None:
            kwargs["data"] = form
        elif content is not None:
            kwargs["content"] = content
        response = self.http.request(method, path, **kwargs)
        entry: dict[str, Any] = {"section": self.section, "request": self._request(method, path, as_, params)}
        body_sent = json_body if json_body is not None else form
        if body_sent is not None:
            entry["request"]["body"] = self.mask.value(body_sent)
        elif content is not None:
            entry["request"]["content"] = self.mask.text(
                content.decode(errors="replace") if isinstance(content, bytes) else content
            )
        entry["status"] = response.status_code
        entry["headers"] = {
            name: self.mask.text(response.headers[name]) for name in HEADERS if name in response.headers
        }
        body = self._body(response)
        if unordered is not None:
            body = self._sorted(body, unordered)
        if body is not None:
            # Key order is no behaviour: keys are sorted before placeholders are handed out and again
            # after (a key may be an id), so neither the numbering nor the file depends on it.
            masked = self.mask.value(json.loads(json.dumps(body, sort_keys=True)))
            entry["body"] = json.loads(json.dumps(masked, sort_keys=True))
        self.entries.append(entry)
        return response

    def _request(
        self, method: str, path: str, as_: str | None, params: dict[str, Any] | None
    ) -> dict[str, Any]:
        request: dict[str, Any] = {"method": method, "path": self.mask.text(path)}
        if as_ is not None:
            request["as"] = as_
        if params:
            request["params"] = self.mask.value(dict(params))
        return request

    @staticmethod
    def _body(response: httpx.Response) -> Body:
        if not response.content:
            return None
        if "json" in response.headers.get("content-type", ""):
            try:
                return response.json()  # type: ignore[no-any-return]
            except ValueError:
                pass
        return response.text

    def _sorted(self, body: Any, where: str) -> Any:
        if where == ".":
            return sorted(body, key=self.mask.peek) if isinstance(body, list) else body
        if isinstance(body, dict) and isinstance(body.get(where), list):
            return {**body, where: sorted(body[where], key=self.mask.peek)}
        return body
