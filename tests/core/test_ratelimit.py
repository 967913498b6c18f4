"""The fixed-window rate limiter on the cache: a number of hits per key and window, keys
per client network (behind trusted proxies too), and an unreachable cache never turning
into a server error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory

from core import ratelimit


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


START = datetime(2026, 3, 2, 10, 0, 5, tzinfo=UTC)


def request_from(address: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_hits_up_to_the_limit_are_allowed_and_the_next_is_refused():
    with time_machine.travel(START, tick=False):
        answers = [ratelimit.hit("k", limit=3, window_seconds=60) for _ in range(5)]
    assert answers == [True, True, True, False, False]


def test_each_key_counts_on_its_own():
    with time_machine.travel(START, tick=False):
        assert ratelimit.hit("a", limit=1, window_seconds=60)
        assert not ratelimit.hit("a", limit=1, window_seconds=60)
        assert ratelimit.hit("b", limit=1, window_seconds=60)


def test_the_count_starts_again_in_the_next_window():
    with time_machine.travel(START, tick=False) as clock:
        assert ratelimit.hit("k", limit=1, window_seconds=60)
        assert not ratelimit.hit("k", limit=1, window_seconds=60)
        clock.shift(timedelta(seconds=55))  # 10:01:00, a new window
        assert ratelimit.hit("k", limit=1, window_seconds=60)


def test_retry_after_is_the_time_left_in_the_window():
    with time_machine.travel(START, tick=False):  # 5 s into a 60 s window
        assert ratelimit.retry_after(60) == 55
    with time_machine.travel(START.replace(second=59, microsecond=500000), tick=False):
        assert ratelimit.retry_after(60) == 1


def test_a_window_shorter_than_a_second_is_refused():
    with pytest.raises(ValueError):
        ratelimit.hit("k", limit=1, window_seconds=0)


def test_an_unreachable_cache_lets_the_hit_through(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(ratelimit.cache, "add", broken)
    assert ratelimit.hit("k", limit=0, window_seconds=60) is True


def test_the_key_holds_no_address_and_differs_per_client(settings):
    settings.OPENTWIN_TRUSTED_PROXY_COUNT = 0
    one = ratelimit.client_key(request_from("203.0.113.7"), "scope")
    assert one.startswith("scope:") and "203.0.113.7" not in one
    assert one == ratelimit.client_key(request_from("203.0.113.7"), "scope")
    assert one != ratelimit.client_key(request_from("203.0.113.8"), "scope")
    assert one != ratelimit.client_key(request_from("203.0.113.7"), "other")


def test_addresses_of_one_ipv6_network_share_a_key(settings):
    settings.OPENTWIN_TRUSTED_PROXY_COUNT = 0
    first = ratelimit.client_key(request_from("2001:db8:1:2::1"), "scope")
    assert first == ratelimit.client_key(request_from("2001:db8:1:2:ffff::9"), "scope")
    assert first != ratelimit.client_key(request_from("2001:db8:1:3::1"), "scope")


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(settings):
    settings.OPENTWIN_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    ana = ratelimit.client_key(request_from(proxy, "198.51.100.4"), "scope")
    luc = ratelimit.client_key(request_from(proxy, "198.51.100.5"), "scope")
    assert ana != luc
    # What the client writes to the left of the proxy's entry does not change its key.
    assert ana == ratelimit.client_key(request_from(proxy, "1.2.3.4, 198.51.100.4"), "scope")


@pytest.mark.parametrize("address", [None, "", "not an address"])
def test_an_unreadable_address_counts_as_unknown(address):
    assert ratelimit.network_of(address) == "unknown"


def test_an_ipv4_mapped_address_counts_as_its_ipv4_address():
    assert ratelimit.network_of("::ffff:203.0.113.7") == "203.0.113.7"
