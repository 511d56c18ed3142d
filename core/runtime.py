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


def configure(settings: Settings) -> None:
    global _settings, _box
    _settings = settings
    _box = (
        SecretBox.from_passphrase(settings.secret_key)
        if settings.secret_key
        else SecretBox.from_key_file(settings.key_file)
    )


def settings() -> Settings:
    if _settings is None:
        raise RuntimeError("iamgraph is not configured")
    return _settings


def secret_box() -> SecretBox:
    if _box is None:
        raise RuntimeError("iamgraph is not configured")
    return _box


# Set by the request middleware for the task serving one request; error masks and logs quote it.
_request_id: ContextVar[str] = ContextVar("iamgraph_request_id", default="-")


def request_id() -> str:
    return _request_id.get()


def set_request_id(value: str) -> Token[str]:
    return _request_id.set(value)
