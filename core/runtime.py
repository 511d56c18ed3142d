"""Process-wide services configured once at start (settings, the secret box) and the request id of the
request being served.

Kept tiny on purpose: resolvers read them through these accessors, tests configure them the same way
the server does.
"""

from __future__ import annotations

from contextvars import ContextVar, Token

from core.secrets import SecretBox
from core.settings import Settings

_settings: Settings | None = None
_box: SecretBox | None = None


def configure(settings: Settings, box: SecretBox | None = None) -> None:
    """Settings and the secret box. Without a box, the key file's (made when missing) or, for a
    passphrase, none until the start reads the database's key marker and calls ``unlock``."""
    global _settings, _box
    _settings = settings
    if box is None and not settings.secret_key:
        box = SecretBox.from_key_file(settings.key_file)
    _box = box


def unlock(box: SecretBox) -> None:
    global _box
    _box = box


def settings() -> Settings:
    if _settings is None:
        raise RuntimeError("iamgraph is not configured")
    return _settings


def secret_box() -> SecretBox:
    if _box is None:
        raise RuntimeError("iamgraph is not configured, or its database's key marker not read yet")
    return _box


# Set by the request middleware for the task serving one request; error masks and logs quote it.
_request_id: ContextVar[str] = ContextVar("iamgraph_request_id", default="-")


def request_id() -> str:
    return _request_id.get()


def set_request_id(value: str) -> Token[str]:
    return _request_id.set(value)


# What the access log line says of the request being served: filled by whoever learns it (the caller once
# its token is verified, the realm once the route is matched). A mutable holder, so that a value noted in
# a task the request spawned (a GraphQL operation under its timeout) still reaches the line.
_request_notes: ContextVar[dict[str, str] | None] = ContextVar("iamgraph_request_notes", default=None)


def begin_request_notes() -> dict[str, str]:
    notes: dict[str, str] = {}
    _request_notes.set(notes)
    return notes


def note_request(**values: str | None) -> None:
    """Records facts of the current request for its log line (ignored outside a request)."""
    notes = _request_notes.get()
    if notes is not None:
        notes.update({k: v for k, v in values.items() if v})
