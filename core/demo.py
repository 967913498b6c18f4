"""Core's demo data: a few schools and one adult of every role, all with one known password.

Teachers are made through the services, as a real teacher's registration goes: they
register, verify their e-mail address, choose their school, their head teacher confirms
through the e-mailed link and their NSS validates them. So events fire, audit entries
exist and a teacher waiting for validation is in the NSS's queue. Staff accounts have no
registration path in the domain: they are created as accounts with their staff roles, and
first, so that validators exist when the teachers ask.

Pupils are created by their teacher in a project, so the TwinSpace's demo data adds
the demo pupil. Safe to run again: a user who exists is left as they are.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from core.directory_data import ensure_directory, ensure_vocabularies
from core.models import Country, Language, Level, Region, School, StaffRole, Subject, User
from core.registration import services as registration
from core.staff import nss_staff_of_country
from core.validation import services as validation_services
from core.validation.tokens import make_head_teacher_token

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

# (username, first name, last name, staff roles [(role, country, region)])
STAFF = [
    ("admin", "Ada", "Operator", []),
    ("editor", "Elena", "Editor", [("editor", None, None)]),
    ("css", "Chris", "Central", [("css", None, None)]),
    ("nss.es", "Nuria", "Soporte", [("nss", "ES", None)]),
    ("nss.fr", "Nicolas", "Support", [("nss", "FR", None)]),
    ("nss.de", "Nina", "Unterstützung", [("nss", "DE", None)]),
    ("regional.andalucia", "Rafael", "Andaluz", [("regional_representative", "ES", "Andalucía")]),
]  # fmt: skip

# Where a teacher's registration stops: validated by the NSS, or confirmed by the head
# teacher and waiting for the NSS.
VALIDATED = "validated"
WAITING_FOR_NSS = "waiting_for_nss"

# (username, first name, last name, school name, school role, ends, staff roles)
TEACHERS = [
    ("trainer", "Tamsin", "Trainer", "Goethe-Gymnasium", "teacher", VALIDATED,
     [("trainer", None, None)]),
    ("teacher.ana", "Ana", "García", "IES Miguel de Cervantes", "teacher", VALIDATED, []),
    ("teacher.luc", "Luc", "Moreau", "Collège Jules Verne", "teacher", VALIDATED, []),
    ("teacher.new", "Nora", "Neumann", "Goethe-Gymnasium", "teacher", WAITING_FOR_NSS, []),
]  # fmt: skip

ROLE_LABELS = {
    "admin": "operator (superuser)",
    "editor": "editor",
    "css": "CSS staff",
    "nss.es": "NSS staff, Spain",
    "nss.fr": "NSS staff, France",
    "nss.de": "NSS staff, Germany",
    "regional.andalucia": "regional representative, Andalucía",
    "trainer": "trainer",
    "teacher.ana": "teacher (validated), Spain",
    "teacher.luc": "teacher (validated), France",
    "teacher.new": "teacher (waiting for validation by nss.de), Germany",
}

STAFF_GROUP = "Support staff"


def demo_email(username: str) -> str:
    return f"{username}@demo.opentwin.example.org"


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


def _ensure_schools() -> dict[str, School]:
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
    return schools


def _ensure_staff_account(username: str, first: str, last: str) -> User:
    """A staff account: staff are appointed, not registered, so there is no service."""
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            kind=User.Kind.STAFF,
            state=User.State.VALIDATED,
            email=demo_email(username),
            email_verified_at=timezone.now(),
            is_superuser=username == "admin",
            is_staff=username == "admin",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _register_teacher(
    username: str, first: str, last: str, school: School, school_role: str, ends: str
) -> User | None:
    """Take a new teacher through registration as they would on the site.

    Returns None, creating nothing, when the demo address belongs to another account.
    """
    teacher = registration.register_teacher(
        first_name=first,
        last_name=last,
        email=demo_email(username),
        username=username,
        password=DEMO_PASSWORD,
    )
    if teacher is None:  # the address holds another account, whose holder was e-mailed
        return None
    registration.verify_email(teacher)
    request = registration.complete_registration(
        actor=teacher, school=school, school_role=school_role
    )
    # The head teacher opens the link of their e-mail and confirms, as the view does.
    token = make_head_teacher_token(request.pk, request.head_teacher_nonce)
    request, nonce = validation_services.validation_for_head_teacher_link(token)
    validation_services.confirm_by_head_teacher(request, nonce)
    if ends == VALIDATED:
        validator = nss_staff_of_country(school.country_id).order_by("pk").first()
        if validator is None:
            raise RuntimeError(f"No NSS staff of {school.country.code} to validate {username}.")
        validation_services.validate_teacher(actor=validator, validation=request)
    teacher.refresh_from_db()
    return teacher


def _give_roles(
    user: User, roles: list[tuple[str, str | None, str | None]], editors: Group, staff: Group
) -> None:
    for role, code, region_name in roles:
        country = Country.objects.get(code=code) if code else None
        region = Region.objects.get(country=country, name=region_name) if region_name else None
        StaffRole.objects.get_or_create(user=user, role=role, country=country, region=region)
        if role == "editor":
            user.groups.add(editors)
        elif role in {"nss", "css", "regional_representative"}:
            user.groups.add(staff)


@transaction.atomic
def load_core_demo_data() -> list[str]:
    """Create the demo schools and people if missing; return the logins to print."""
    ensure_directory(Country, Region)
    ensure_vocabularies(Level, Subject, Language)
    schools = _ensure_schools()
    editors = _admin_group("Editors")
    staff_group = _admin_group(STAFF_GROUP)
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    # Staff first: the teachers' registrations notify them and the NSS validates.
    for username, first, last, roles in STAFF:
        user = _ensure_staff_account(username, first, last)
        _give_roles(user, roles, editors, staff_group)
        lines.append(f"  {username:<20} {ROLE_LABELS[username]}")
    for username, first, last, school_name, school_role, ends, roles in TEACHERS:
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            user = _register_teacher(username, first, last, schools[school_name], school_role, ends)
        if user is None:
            lines.append(f"  {username:<20} skipped: {demo_email(username)} has another account")
            continue
        _give_roles(user, roles, editors, staff_group)
        lines.append(f"  {username:<20} {ROLE_LABELS[username]}")
    return lines
