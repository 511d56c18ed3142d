"""The server's metrics in prometheus-client's text exposition, in a registry of their own (the library's
global registry would mix in whatever else a process registers): requests, token grants, login failures
and lockouts, database statements, the argon2 queue and GraphQL subscriptions. Every label takes values
from a small fixed set, never from what a caller sends."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = CONTENT_TYPE_LATEST

_LABELS = ("method", "route", "status")
REQUESTS = Counter(
    "iamgraph_http_requests",
    "HTTP requests answered, by route template and status",
    _LABELS,
    registry=REGISTRY,
)
LATENCY = Histogram(
    "iamgraph_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template and status",
    _LABELS,
    registry=REGISTRY,
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

UNMATCHED = "unmatched"
"""The one route label of every path no route matched: never the raw path, which a caller chooses."""


def observe(method: str, route: str, status: int, seconds: float) -> None:
    labels = (method, route, str(status))
    REQUESTS.labels(*labels).inc()
    LATENCY.labels(*labels).observe(seconds)


GRANTS = Counter(
    "iamgraph_token_grants",
    "Token endpoint requests by grant type and outcome (issued, or the OAuth2 error answered)",
    ("grant_type", "outcome"),
    registry=REGISTRY,
)
_GRANT_TYPES = frozenset(
    {
        "password",
        "client_credentials",
        "refresh_token",
        "authorization_code",
        "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "urn:ietf:params:oauth:grant-type:token-exchange",
        "urn:ietf:params:oauth:grant-type:device_code",
    }
)
_OUTCOMES = frozenset(
    {
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unauthorized_client",
        "unsupported_grant_type",
        "invalid_scope",
        "too_many_requests",
        "access_denied",
    }
)

LOGIN_FAILURES = Counter(
    "iamgraph_login_failures", "Failed logins counted by brute-force detection", registry=REGISTRY
)
LOCKOUTS = Counter(
    "iamgraph_login_lockouts",
    "Users locked out by brute-force detection, temporarily or permanently",
    ("kind",),
    registry=REGISTRY,
)

STATEMENTS = Histogram(
    "iamgraph_db_statement_duration_seconds",
    "Time of one database statement, by kind (query, insert, many, script)",
    ("kind",),
    registry=REGISTRY,
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)

PASSWORD_QUEUE = Gauge(
    "iamgraph_argon2_queue_depth",
    "Password hashes and verifications submitted to the argon2 threads and not finished",
    registry=REGISTRY,
)

SUBSCRIPTIONS = Gauge("iamgraph_graphql_subscriptions", "GraphQL subscriptions open now", registry=REGISTRY)


@contextmanager
def counting_grant(grant_type: str | None) -> Iterator[None]:
    """Counts the token request run inside: issued when it returns, else the OAuth2 ``error`` of the
    failure raised (``error`` for anything else)."""
    label = grant_type if grant_type in _GRANT_TYPES else "other"
    try:
        yield
    except Exception as exc:
        error = getattr(exc, "error", None) or ("too_many_requests" if getattr(exc, "retry_after", 0) else "")
        GRANTS.labels(label, error if error in _OUTCOMES else "error").inc()
        raise
    GRANTS.labels(label, "issued").inc()


@contextmanager
def timing_statement(kind: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        STATEMENTS.labels(kind).observe(time.perf_counter() - started)


def exposition() -> bytes:
    return generate_latest(REGISTRY)


@contextmanager
def subscription_open() -> Iterator[None]:
    """Counts a GraphQL subscription in the gauge while its stream is open."""
    SUBSCRIPTIONS.inc()
    try:
        yield
    finally:
        SUBSCRIPTIONS.dec()
