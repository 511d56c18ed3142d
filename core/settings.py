"""Settings read once from the environment, each checked there: a bad value is one line naming the
variable (``ConfigError``), never a traceback later."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_SIZE = re.compile(r"(?P<digits>[0-9]+)\s*(?P<unit>[A-Za-z]*)")
_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024**2, "mb": 1024**2, "mib": 1024**2}


_RATE = re.compile(r"(?P<count>[0-9]+)\s*/\s*(?P<unit>s|sec|second|m|min|minute|h|hour)")
_RATE_UNITS = {"s": 1.0, "sec": 1.0, "second": 1.0, "m": 60.0, "min": 60.0, "minute": 60.0}
_RATE_UNITS |= {"h": 3600.0, "hour": 3600.0}


@dataclass(frozen=True)
class Rate:
    """At most ``count`` requests per ``window`` seconds."""

    count: int
    window: float


class ConfigError(ValueError):
    """A setting that cannot be used; the message names the variable and what it accepts."""


class _Env:
    """The environment, read one typed value at a time."""

    def __init__(self, env: dict[str, str]) -> None:
        self._env = env

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self._env.get(name)
        return default if value is None or value.strip() == "" else value.strip()

    def secret(self, name: str) -> str | None:
        """A password or passphrase: taken as given (spaces are part of it); empty means unset."""
        return self._env.get(name) or None

    def boolean(self, name: str, default: bool) -> bool:
        value = self.text(name)
        if value is None:
            return default
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise ConfigError(f"{name}={value!r} is not a boolean (use true or false)")

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.text(name)
        if value is None:
            return default
        if value.lower() not in choices:
            raise ConfigError(f"{name}={value!r} is not one of {', '.join(choices)}")
        return value.lower()

    def rate(self, name: str) -> Rate | None:
        """``60/min``, ``10/s``, ``1000/hour``; unset or ``off`` means no limit."""
        value = self.text(name)
        if value is None or value.lower() == "off":
            return None
        match = _RATE.fullmatch(value.lower())
        if match is None or not 1 <= int(match["count"]) <= 10_000_000:
            raise ConfigError(f"{name}={value!r} is not a rate (such as 60/min, 10/s or 1000/hour, or off)")
        return Rate(int(match["count"]), _RATE_UNITS[match["unit"]])

    def integer(self, name: str, default: int, minimum: int, maximum: int) -> int:
        value = self.text(name)
        if value is None:
            return default
        if not (value.isascii() and value.lstrip("-").isdigit()):
            raise ConfigError(f"{name}={value!r} is not a whole number")
        number = int(value)
        if not minimum <= number <= maximum:
            raise ConfigError(f"{name}={value} is out of range ({minimum} to {maximum})")
        return number

    def size(self, name: str, default: int, minimum: int, maximum: int) -> int:
        """Bytes, with an optional unit: ``1048576``, ``64KB``, ``1MiB``."""
        value = self.text(name)
        if value is None:
            return default
        match = _SIZE.fullmatch(value)
        if match is None or match["unit"].lower() not in _SIZE_UNITS:
            raise ConfigError(f"{name}={value!r} is not a size in bytes (such as 1048576, 64KB or 1MiB)")
        number = int(match["digits"]) * _SIZE_UNITS[match["unit"].lower()]
        if not minimum <= number <= maximum:
            raise ConfigError(f"{name}={value} is out of range ({minimum} to {maximum} bytes)")
        return number

    def seconds(self, name: str, default: float, minimum: float, maximum: float) -> float:
        value = self.text(name)
        if value is None:
            return default
        try:
            number = float(value)
        except ValueError:
            raise ConfigError(f"{name}={value!r} is not a number of seconds") from None
        if not minimum <= number <= maximum:
            raise ConfigError(f"{name}={value} is out of range ({minimum:g} to {maximum:g} seconds)")
        return number

    def url(self, name: str, schemes: tuple[str, ...], *, exact: bool = False) -> str | None:
        """A URL; without its trailing slashes unless ``exact`` (an issuer is compared as written)."""
        value = self.text(name)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in schemes or not parts.netloc:
            raise ConfigError(f"{name}={value!r} is not a URL ({' or '.join(schemes)}://host...)")
        return value if exact else value.rstrip("/")


def database_url_problem(url: str) -> str | None:
    """Why a database URL names nothing iamgraph can use, or None."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return None if url.removeprefix("sqlite://") else "names no file"
    if parts.scheme in ("postgres", "postgresql"):
        return None if parts.path.strip("/") else "names no database"
    return "is neither sqlite://<file> nor postgres://user@host:port/database"


@dataclass(frozen=True)
class Settings:
    database_url: str
    admin_username: str
    admin_password: str | None
    secret_key: str | None
    key_file: Path
    max_body_bytes: int
    public_url: str | None
    keto_realm: str
    hydra_realm: str
    lowball_realm: str
    lowball_self_registration: bool
    # The login, consent and logout apps of the OAuth2 flows (Hydra's urls.login/consent/logout).
    login_url: str = "http://127.0.0.1:3000/login"
    consent_url: str = "http://127.0.0.1:3000/consent"
    logout_url: str = "http://127.0.0.1:3000/logout"
    # The OAuth2 issuer of the Hydra dialect; the public URL (``/``) when not set.
    hydra_issuer: str | None = None
    # The most objects one GraphQL operation may fetch (page sizes multiplied through nesting).
    graphql_max_cost: int = 20_000
    # Seconds one GraphQL operation may run before it is stopped (its transaction rolled back).
    graphql_timeout: float = 30.0
    # Operations (subscriptions included) one GraphQL WebSocket connection may run at once.
    graphql_ws_max_operations: int = 16
    # Seconds between two reads of the event tables while someone subscribes to events: how events
    # written by any process on the same database reach this one's subscribers.
    event_poll_interval: float = 0.25
    # /metrics/prometheus without a token (for a scraper inside a trusted network, as Hydra serves it).
    metrics_public: bool = False
    # ``text`` or ``json`` (one JSON object per line, uvicorn's records included).
    log_format: str = "text"
    # Token endpoint requests per client and per source address (None: unlimited); loopback callers are
    # exempt unless ``rate_limit_loopback``.
    rate_limit_token: Rate | None = None
    rate_limit_token_address: Rate | None = None
    rate_limit_loopback: bool = False
    # Seconds a stopping server (SIGTERM, SIGINT) gives requests in flight before it closes them.
    shutdown_timeout: int = 30

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """The settings of ``env`` (the process environment by default); ``ConfigError`` for a bad value."""
        read = _Env(dict(os.environ if env is None else env))
        database_url = read.text("IAMGRAPH_DATABASE_URL") or "sqlite://iamgraph.sqlite3"
        if problem := database_url_problem(database_url):
            raise ConfigError(f"IAMGRAPH_DATABASE_URL={database_url!r} {problem}")
        return cls(
            database_url=database_url,
            admin_username=read.text("IAMGRAPH_ADMIN_USERNAME") or "admin",
            admin_password=read.secret("IAMGRAPH_ADMIN_PASSWORD"),
            secret_key=read.secret("IAMGRAPH_SECRET_KEY"),
            key_file=Path(read.text("IAMGRAPH_KEY_FILE") or "iamgraph.key"),
            max_body_bytes=read.size("IAMGRAPH_MAX_BODY_BYTES", 1_048_576, 1024, 1024**3),
            public_url=read.url("IAMGRAPH_PUBLIC_URL", ("http", "https")),
            keto_realm=read.text("IAMGRAPH_KETO_REALM") or "master",
            hydra_realm=read.text("IAMGRAPH_HYDRA_REALM") or "master",
            lowball_realm=read.text("IAMGRAPH_LOWBALL_REALM") or "master",
            lowball_self_registration=read.boolean("IAMGRAPH_LOWBALL_SELF_REGISTRATION", False),
            graphql_max_cost=read.integer("IAMGRAPH_GRAPHQL_MAX_COST", 20_000, 1, 10_000_000),
            graphql_timeout=read.seconds("IAMGRAPH_GRAPHQL_TIMEOUT", 30.0, 0.001, 86_400.0),
            graphql_ws_max_operations=read.integer("IAMGRAPH_GRAPHQL_WS_MAX_OPERATIONS", 16, 1, 1000),
            event_poll_interval=read.seconds("IAMGRAPH_EVENT_POLL_INTERVAL", 0.25, 0.01, 60.0),
            metrics_public=read.boolean("IAMGRAPH_METRICS_PUBLIC", False),
            rate_limit_token=read.rate("IAMGRAPH_RATE_LIMIT_TOKEN"),
            rate_limit_token_address=read.rate("IAMGRAPH_RATE_LIMIT_TOKEN_ADDRESS"),
            rate_limit_loopback=read.boolean("IAMGRAPH_RATE_LIMIT_LOOPBACK", False),
            shutdown_timeout=read.integer("IAMGRAPH_SHUTDOWN_TIMEOUT", 30, 0, 3600),
            log_format=read.choice("IAMGRAPH_LOG_FORMAT", "text", ("text", "json")),
            login_url=read.url("IAMGRAPH_LOGIN_URL", ("http", "https")) or "http://127.0.0.1:3000/login",
            consent_url=read.url("IAMGRAPH_CONSENT_URL", ("http", "https"))
            or "http://127.0.0.1:3000/consent",
            logout_url=read.url("IAMGRAPH_LOGOUT_URL", ("http", "https")) or "http://127.0.0.1:3000/logout",
            hydra_issuer=read.url("IAMGRAPH_HYDRA_ISSUER", ("http", "https"), exact=True),
        )
