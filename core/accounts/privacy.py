"""What the accounts area holds about one person: the public profile and login records."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from core.models import User


def export_account_data(user: User) -> dict[str, Any]:
    username = user.username
    return {
        "profile": {
            "about_me": user.bio,
            "subjects": [subject.name for subject in user.subjects.all()],
            "languages": [language.name for language in user.languages.all()],
            "listed_in_search": user.listed_in_search,
            "school_role": user.school_role,
            "blocked_reason": user.blocked_reason,
        },
        "logins": [
            {
                "when": log.attempt_time.isoformat(),
                "logged_out": log.logout_time.isoformat() if log.logout_time else None,
                "ip_address": log.ip_address,
                "browser": log.user_agent,
            }
            for log in AccessLog.objects.filter(username__iexact=username)
        ],
        "failed_logins": [
            {"when": log.attempt_time.isoformat(), "ip_address": log.ip_address}
            for log in AccessFailureLog.objects.filter(username__iexact=username)
        ],
    }


def erase_account_data(user: User) -> None:
    """Erase the public profile and forget the logins (their records name the username).

    Runs before core anonymises the account, so the username is still the real one.
    """
    user.subjects.clear()
    user.languages.clear()
    user.bio = ""
    user.blocked_reason = ""
    user.listed_in_search = False
    user.save(update_fields=["bio", "blocked_reason", "listed_in_search"])
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        model.objects.filter(username__iexact=user.username).delete()
