"""Staff scope is asked in core.staff only: no app or plugin writes its own query."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCOPE_MODULE = ROOT / "core" / "staff.py"

# The shapes of a staff-scope query: filtering users by their staff roles, or roles
# by the NSS / regional representative role.
SCOPE_QUERY = re.compile(
    r"staff_roles__"
    r"|staff_roles\.(filter|exclude|values|values_list)\("
    r"|StaffRole\.objects\.(filter|exclude|values|values_list)\("
    r"|StaffRole\.Role\.(NSS|REGIONAL_REPRESENTATIVE)"
)


def scope_queries_outside_core_staff() -> list[str]:
    found = []
    for folder in ("core", "plugins", "cms"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == SCOPE_MODULE or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if SCOPE_QUERY.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_no_module_but_core_staff_queries_staff_scope():
    assert scope_queries_outside_core_staff() == [], (
        "Ask core.staff (nss_staff_of_country, countries_served_by, …) instead"
    )


def test_the_scope_check_recognises_a_copied_query():
    copied = "User.objects.filter(staff_roles__role=StaffRole.Role.NSS, is_active=True)"
    assert SCOPE_QUERY.search(copied)
    assert SCOPE_QUERY.search("StaffRole.objects.filter(user=user, role=role)")
    assert not SCOPE_QUERY.search("user.staff_roles.all().delete()")
