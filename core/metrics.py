"""Request metrics in prometheus-client's text exposition, in a registry of their own (the library's
global registry would mix in whatever else a process registers)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
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


def exposition() -> bytes:
    return generate_latest(REGISTRY)
