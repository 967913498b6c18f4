"""Core's demo data: a few schools and one adult of every role, all with one known password.

Pupils are created by their teacher in a project, so the TwinSpace's demo data adds
the demo pupil.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from core.directory_data import ensure_directory, ensure_vocabularies
from core.models import Country, Language, Level, Region, School, StaffRole, Subject, User

DEMO_PASSWORD = "opentwin-demo-2026"  # noqa: S105 - printed for people trying the demo

SCHOOLS = [
    # (name, country code, region name or None, town, levels, head teacher)
    ("IES Miguel de Cervantes", "ES", "Andalucía", "Sevilla", ["secondary", "upper_secondary"],
     ("Carmen Ruiz", "direccion@cervantes.example.org")),
    ("CEIP Rosalía de Castro", "ES", "Galicia", "Vigo", ["pre_school", "primary"],
     ("Xosé Pereira", "direccion@rosalia.example.org")),
    ("Collège Jules Verne", "FR", None, "Nantes", ["secondary"],
     ("Hélène Martin", "principal@julesverne.example.org")),
    ("Goethe-Gymnasium", "DE", None, "Leipzig", ["secondary", "upper_secondary"],
     ("Jonas Becker", "schulleitung@goethe.example.org")),
]  # fmt: skip

# (username, first name, last name, kind, state, school name, staff roles [(role, country, region)])
PEOPLE = [
    ("admin", "Ada", "Operator", "staff", "validated", None, []),
    ("editor", "Elena", "Editor", "staff", "validated", None, [("editor", None, None)]),
    ("css", "Chris", "Central", "staff", "validated", None, [("css", None, None)]),
    ("nss.es", "Nuria", "Soporte", "staff", "validated", None, [("nss", "ES", None)]),
    ("nss.fr", "Nicolas", "Support", "staff", "validated", None, [("nss", "FR", None)]),
    ("regional.andalucia", "Rafael", "Andaluz", "staff", "validated", None,
     [("regional_representative", "ES", "Andalucía")]),
    ("trainer", "Tamsin", "Trainer", "teacher", "validated", "Goethe-Gymnasium",
     [("trainer", None, None)]),
    ("teacher.ana", "Ana", "García", "teacher", "validated", "IES Miguel de Cervantes", []),
    ("teacher.luc", "Luc", "Moreau", "teacher", "validated", "Collège Jules Verne", []),
    ("teacher.new", "Nora", "Neumann", "teacher", "waiting_validation", "Goethe-Gymnasium", []),
]  # fmt: skip

ROLE_LABELS = {
    "admin": "operator (superuser)",
    "editor": "editor",
    "css": "CSS staff",
    "nss.es": "NSS staff, Spain",
    "nss.fr": "NSS staff, France",
    "regional.andalucia": "regional representative, Andalucía",
    "trainer": "trainer",
    "teacher.ana": "teacher (validated), Spain",
    "teacher.luc": "teacher (validated), France",
    "teacher.new": "teacher (waiting for validation), Germany",
}

STAFF_GROUP = "Support staff"


def _admin_group(name: str) -> Group:
    """A group whose members may open the Wagtail admin.

    Wagtail's migrations create "Editors" with page permissions; on a flushed test
    database it is recreated here with admin access only.
    """
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group


@transaction.atomic
def load_core_demo_data() -> list[str]:
    """Create the demo schools and people if missing; return the logins to print."""
    ensure_directory(Country, Region)
    ensure_vocabularies(Level, Subject, Language)
    schools = {}
    for name, code, region_name, town, levels, (head_name, head_email) in SCHOOLS:
        country = Country.objects.get(code=code)
        region = Region.objects.get(country=country, name=region_name) if region_name else None
        school, created = School.objects.get_or_create(
            name=name,
            country=country,
            defaults={
                "region": region,
                "town": town,
                "head_teacher_name": head_name,
                "head_teacher_email": head_email,
            },
        )
        if created:
            school.levels.set(Level.objects.filter(code__in=levels))
        schools[name] = school
    editors = _admin_group("Editors")
    staff_group = _admin_group(STAFF_GROUP)
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    for username, first, last, kind, state, school_name, roles in PEOPLE:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                kind=kind,
                state=state,
                email="" if kind == "pupil" else f"{username}@demo.opentwin.example.org",
                school=schools.get(school_name),
                school_role="teacher" if kind == "teacher" else "",
                email_verified_at=None if kind == "pupil" else timezone.now(),
                is_superuser=username == "admin",
                is_staff=username == "admin",
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        for role, code, region_name in roles:
            country = Country.objects.get(code=code) if code else None
            region = Region.objects.get(country=country, name=region_name) if region_name else None
            StaffRole.objects.get_or_create(user=user, role=role, country=country, region=region)
            if role == "editor":
                user.groups.add(editors)
            elif role in {"nss", "css", "regional_representative"}:
                user.groups.add(staff_group)
        lines.append(f"  {username:<20} {ROLE_LABELS[username]}")
    return lines
