"""A small fixed-window rate limiter on Django's cache, for public look-ups that must
not be enumerated (a verification code tried after another).

Each key counts its hits in windows of ``window_seconds`` aligned on the clock; the
count lives in the cache (local memory by default, Redis when configured, so several
processes share it). Keys built by :func:`client_key` hold a hash of the client's
network, never the address itself.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import time

from django.core.cache import cache
from django.http import HttpRequest

from core.accounts.client_ip import client_ip

logger = logging.getLogger(__name__)

# One IPv6 subscriber usually holds a whole /64: counting single addresses would let
# them change address at every request.
IPV6_NETWORK_PREFIX = 64


def _window(window_seconds: int, now: float) -> int:
    return int(now // window_seconds)


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit on ``key`` and say whether it is allowed: at most ``limit`` hits per
    window of ``window_seconds``. A cache that cannot be reached lets the hit through
    (logged), so a limiter outage never becomes a server error."""
    if window_seconds < 1:
        raise ValueError("window_seconds must be at least 1.")
    now = time.time()
    cache_key = f"ratelimit:{key}:{_window(window_seconds, now)}"
    try:
        # add() is a no-op when the key exists; incr() is atomic in every shared backend.
        cache.add(cache_key, 0, timeout=window_seconds + 1)
        try:
            count = cache.incr(cache_key)
        except ValueError:
            # The window's key expired between add() and incr(): this is its first hit.
            cache.add(cache_key, 1, timeout=window_seconds + 1)
            count = 1
    except Exception:  # the cache backend's own connection errors have no common base
        logger.warning("Rate limiter: the cache could not be reached; %s let through.", key)
        return True
    return count <= limit


def retry_after(window_seconds: int) -> int:
    """Seconds until the current window ends (at least 1): the ``Retry-After`` value."""
    now = time.time()
    ends = (_window(window_seconds, now) + 1) * window_seconds
    return max(1, math.ceil(ends - now))


def network_of(address: str | None) -> str:
    """The network a client address counts for: the address itself for IPv4, its /64
    for IPv6; "unknown" when there is none or it cannot be read."""
    if not address:
        return "unknown"
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_NETWORK_PREFIX}", strict=False))
    return str(parsed)


def client_key(request: HttpRequest, scope: str) -> str:
    """The key counting ``scope``'s hits from the client's network (see
    :func:`core.accounts.client_ip.client_ip` for the address behind proxies)."""
    network = network_of(client_ip(request))
    digest = hashlib.sha256(network.encode()).hexdigest()[:32]
    return f"{scope}:{digest}"
