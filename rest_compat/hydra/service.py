"""Hydra 1.x's service endpoints served by this dialect: ``/metrics/prometheus``."""

from __future__ import annotations

from starlette.responses import Response

from core.metrics import CONTENT_TYPE
from resolvers.service.metrics import read_metrics
from rest_compat.routing import Call, bearer_actor


async def prometheus(call: Call) -> Response:
    # The row needs no token when the metrics are public; a token given is still checked.
    actor = await bearer_actor(call.request)
    return Response(read_metrics(actor), media_type=CONTENT_TYPE)
