"""Staff find their work on the desktop: each queue they serve, with a count and a link."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.models import Country, Region, StaffRole, User
from core.support.services import open_support_request
from core.validation.services import confirm_by_head_teacher, request_validation
from core.views import desktop_panels
from tests.factories import SchoolFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_QUEUES = {"validation-queue", "support-queue", "project-approvals", "group-moderation-queue"}


def make_staff(username: str, role: str, *, country=None, region=None) -> User:
    user = UserFactory(username=username, kind=User.Kind.STAFF)
    StaffRole.objects.create(user=user, role=role, country=country, region=region)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def school_in(code: str, region: str | None = None):
    country = Country.objects.get(code=code)
    return SchoolFactory(
        country=country,
        region=Region.objects.get(country=country, name=region) if region else None,
    )


def teacher_waiting_for_staff(school, capture) -> User:
    """A new teacher asks to be validated and the head teacher confirms: staff decide next."""
    teacher = UserFactory(state=User.State.PROFILE_INCOMPLETE, school_role="teacher")
    with capture(execute=True):
        validation = request_validation(actor=teacher, school=school)
        confirm_by_head_teacher(validation, validation.head_teacher_nonce)
    return teacher


def teacher_waiting_for_head_teacher(school, capture) -> User:
    teacher = UserFactory(state=User.State.PROFILE_INCOMPLETE, school_role="teacher")
    with capture(execute=True):
        request_validation(actor=teacher, school=school)
    return teacher


def ask_support(code: str, capture) -> None:
    with capture(execute=True):
        open_support_request(
            actor=TeacherFactory(school=school_in(code)), topic="other", question="Help?"
        )


def panel(user, key: str):
    panels = {panel.key: panel for panel in desktop_panels(user)}
    return panels.get(key)


@pytest.fixture
def queues(django_capture_on_commit_callbacks):
    """Two Spanish teachers (Andalucía, Aragón) and one French teacher wait for staff, one
    more Spanish one for the head teacher; two Spanish support requests and one French."""
    capture = django_capture_on_commit_callbacks
    teacher_waiting_for_staff(school_in("ES", "Andalucía"), capture)
    teacher_waiting_for_staff(school_in("ES", "Aragón"), capture)
    teacher_waiting_for_staff(school_in("FR"), capture)
    teacher_waiting_for_head_teacher(school_in("ES", "Aragón"), capture)
    ask_support("ES", capture)
    ask_support("ES", capture)
    ask_support("FR", capture)


def test_nss_of_spain_sees_the_validation_and_support_queues_of_spain_only(client, queues):
    nss = make_staff("nss.es", StaffRole.Role.NSS, country=Country.objects.get(code="ES"))

    validation = panel(nss, "validation-queue")
    support = panel(nss, "support-queue")

    assert validation.context["count"] == 2
    assert validation.context["detail"] == "1 more is waiting for the head teacher's confirmation."
    assert support.context["count"] == 2
    client.force_login(nss)
    page = client.get(reverse("core:desktop")).content.decode()
    assert "Teachers waiting for validation" in page
    assert "<strong>2</strong> teachers are waiting for your validation." in page
    assert f'href="{reverse("core_validation:index")}"' in page
    assert "<strong>2</strong> support requests are open and wait for an answer." in page
    assert f'href="{reverse("opentwin_support")}"' in page


def test_regional_representative_sees_the_validation_queue_of_their_region(client, queues):
    andalucia = Region.objects.get(name="Andalucía")
    representative = make_staff(
        "rep.andalucia", StaffRole.Role.REGIONAL_REPRESENTATIVE, region=andalucia
    )

    client.force_login(representative)
    page = client.get(reverse("core:desktop")).content.decode()

    assert panel(representative, "validation-queue").context["count"] == 1
    assert "<strong>1</strong> teacher is waiting for your validation." in page
    # Support requests are the NSS's work, not the representative's.
    assert panel(representative, "support-queue") is None


def test_a_teacher_sees_none_of_the_staff_queues(client, queues):
    teacher = TeacherFactory()

    client.force_login(teacher)
    page = client.get(reverse("core:desktop")).content.decode()

    assert STAFF_QUEUES.isdisjoint(panel.key for panel in desktop_panels(teacher))
    assert "waiting for your validation" not in page
    assert "Teachers waiting for validation" not in page


def test_css_staff_see_no_national_queue(queues):
    css = make_staff("css", StaffRole.Role.CSS)

    assert STAFF_QUEUES.isdisjoint(panel.key for panel in desktop_panels(css))
