"""Who may read the request metrics: an administrator of the Hydra realm (``view-realm``), or anyone when
``IAMGRAPH_METRICS_PUBLIC`` says the port is reached only by a trusted scraper (Hydra's own stance)."""

from __future__ import annotations

from core import metrics
from core.runtime import settings
from resolvers.kit import rights
from resolvers.kit.actor import Actor


def read_metrics(actor: Actor | None) -> bytes:
    if not settings().metrics_public:
        rights.require(actor, settings().hydra_realm, "view-realm")
    return metrics.exposition()
