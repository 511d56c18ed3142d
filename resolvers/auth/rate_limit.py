"""Rate limits of the token endpoints, beyond brute-force detection: requests counted per client and per
source address in fixed windows, in a table every instance shares (one atomic UPDATE per counted key).

Off unless configured; a loopback caller is exempt unless ``IAMGRAPH_RATE_LIMIT_LOOPBACK`` is set (a
proxy on the same host must forward the client's address for the per-address limit to mean anything)."""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from core.errors import RateLimited
from core.runtime import settings
from core.settings import Rate
from models import RateCounter


def _loopback(ip: str | None) -> bool:
    try:
        return ip is not None and ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


async def check_token_rate(door: str, client_id: str | None, ip: str | None) -> None:
    """Counts one token request of ``client_id`` (in ``door``: a realm, or a dialect's engine) and of
    ``ip``; ``RateLimited`` when either is over its limit in the current window."""
    configured = settings()
    if _loopback(ip) and not configured.rate_limit_loopback:
        return
    limits: list[tuple[Rate, str]] = []
    if configured.rate_limit_token is not None and client_id:
        limits.append((configured.rate_limit_token, f"client\0{door}\0{client_id}"))
    if configured.rate_limit_token_address is not None and ip:
        limits.append((configured.rate_limit_token_address, f"address\0{ip}"))
    # Every limit counts the request, a refused one included, before the first one over refuses it.
    refusals = [await _count(rate, subject) for rate, subject in limits]
    if over := next((refusal for refusal in refusals if refusal is not None), None):
        raise over


async def _count(rate: Rate, subject: str) -> RateLimited | None:
    now = time.time()
    window = int(now // rate.window)
    digest = hashlib.sha256(f"{rate.count}/{rate.window}\0{subject}".encode()).hexdigest()[:48]
    key = f"{digest}:{window}"
    ends = (window + 1) * rate.window
    count = await _increment(key, math.ceil(ends))
    if count > rate.count:
        retry_after = max(1, math.ceil(ends - now))
        return RateLimited(f"Too many requests; retry after {retry_after} seconds", retry_after)
    return None


async def _increment(key: str, expires: int) -> int:
    if not await RateCounter.filter(key=key).update(count=F("count") + 1):
        try:
            await RateCounter.create(key=key, expires=expires, count=1)
            # The first request of a window clears the counters of windows past.
            await RateCounter.filter(expires__lt=int(time.time())).delete()
            return 1
        except IntegrityError:  # another request made this window's row first
            await RateCounter.filter(key=key).update(count=F("count") + 1)
    row = await RateCounter.get_or_none(key=key)
    return row.count if row is not None else 1
