"""Login throttling counts failures per client address, also behind trusted proxies."""

from __future__ import annotations

from django.test import RequestFactory, override_settings

from core.accounts.client_ip import client_ip


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/login/", **extra)


@override_settings(OPENTWIN_TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_the_forwarded_header_is_ignored():
    assert client_ip(request("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


@override_settings(OPENTWIN_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_appended_counts_not_what_the_client_forged():
    assert client_ip(request("10.0.0.1", "1.1.1.1, 203.0.113.9")) == "203.0.113.9"


@override_settings(OPENTWIN_TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_second_address_from_the_right_counts():
    assert client_ip(request("10.0.0.2", "1.1.1.1, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"


@override_settings(OPENTWIN_TRUSTED_PROXY_COUNT=2)
def test_a_short_forwarded_header_falls_back_to_the_peer_address():
    assert client_ip(request("10.0.0.2", "203.0.113.9")) == "10.0.0.2"
