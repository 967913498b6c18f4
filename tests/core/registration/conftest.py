"""Fixtures of the registration tests."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.cache import cache

from core.models import User
from tests.factories import PASSWORD

STRONG_PASSWORD = "Walnut-Harbour-Lantern-93"


@pytest.fixture(autouse=True)
def empty_cache():
    """The resend rate limit lives in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def registration_data() -> dict[str, str]:
    return {
        "first_name": "María",
        "last_name": "López",
        "email": "maria@example.org",
        "username": "mlopez",
        "password": STRONG_PASSWORD,
        "password_confirmation": STRONG_PASSWORD,
    }


@pytest.fixture
def verification_path() -> Callable[[str], str]:
    """The path of the link in the last verification e-mail sent to ``address``."""

    def find(address: str) -> str:
        messages = [message for message in mail.outbox if message.to == [address]]
        assert messages, f"no e-mail to {address}"
        url = re.search(r"https?://\S+/register/verify/\S+/", messages[-1].body).group(0)
        return url[url.index("/register/") :]

    return find


@pytest.fixture
def unverified_teacher() -> User:
    from tests.factories import UserFactory

    return UserFactory(
        username="unverified",
        email="unverified@example.org",
        state=User.State.EMAIL_UNVERIFIED,
        password=PASSWORD,
    )


@pytest.fixture
def incomplete_teacher() -> User:
    from django.utils import timezone

    from tests.factories import UserFactory

    return UserFactory(
        username="incomplete",
        email="incomplete@example.org",
        state=User.State.PROFILE_INCOMPLETE,
        email_verified_at=timezone.now(),
    )
