"""The National Quality Labels' staff screens (issue 13): each NSS sees its country's
applications, a regional representative those from its region's schools, the CSS and
superusers all; the queue lists the waiting ones, the oldest first, with how long they
have waited and the counts; an application's screen shows its answers and evidence; an
NSS sets its country's windows through the form, and a bad window is refused with the
reason and changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Country, Notification, Region, StaffRole, User
from core.plugins import hook
from plugins.labels.models import ApplicationWindow, QualityLabelApplication, RubricItem
from plugins.labels.quality import criteria, notifications, services
from tests.factories import SchoolFactory, TeacherFactory, UserFactory
from tests.factories.twinspace import teacher_in
from tests.support.labels import CLOSES, OPENS, YES, approved_project, nss_of
from tests.support.meetings import make_staff

pytestmark = pytest.mark.django_db

INDEX = "/admin/quality-labels/"
WINDOWS = "/admin/quality-labels/windows/"
EVIDENCE = {
    key: {"text": f"What our pupils did for {key}.", "links": [f"https://example.org/{key}/"]}
    for key in criteria.CRITERION_KEYS
}


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def may_open_the_admin(user: User) -> User:
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def open_window(code: str):
    services.set_window(
        actor=nss_of(code),
        country=Country.objects.get(code=code),
        school_year=2026,
        opens_at=OPENS,
        closes_at=CLOSES,
    )


def apply(teacher: User, project) -> QualityLabelApplication:
    return services.apply_for_quality_label(
        actor=teacher, project_id=project.pk, eligibility=YES, evidence=EVIDENCE
    )


def detail_url(application: QualityLabelApplication) -> str:
    return reverse("quality_admin:detail", args=[application.pk])


@pytest.fixture
def andalucia() -> Region:
    return Region.objects.get(country__code="ES", name="Andalucía")


@pytest.fixture
def people(andalucia):
    rep = UserFactory(username="rep.andalucia.nql", kind=User.Kind.STAFF)
    StaffRole.objects.create(
        user=rep, role=StaffRole.Role.REGIONAL_REPRESENTATIVE, region=andalucia
    )
    return {
        "nss.es": may_open_the_admin(nss_of("ES")),
        "nss.fr": may_open_the_admin(nss_of("FR")),
        "rep": may_open_the_admin(rep),
        "css": make_staff("css.nql", role=StaffRole.Role.CSS, country=None),
        "root": UserFactory(username="root.nql", kind=User.Kind.STAFF, is_superuser=True),
    }


@pytest.fixture
def inside(time_machine):
    time_machine.move_to(OPENS + timedelta(days=3), tick=False)
    open_window("ES")
    open_window("FR")
    return time_machine


@pytest.fixture
def applications(inside, andalucia, django_capture_on_commit_callbacks):
    """Ana teaches in Seville (Andalucía), Berta elsewhere in Spain, Luc in France."""
    deliver = django_capture_on_commit_callbacks
    ana = TeacherFactory(
        first_name="Ana",
        last_name="García",
        school=SchoolFactory(
            name="IES Triana", country=andalucia.country, region=andalucia, town="Sevilla"
        ),
    )
    berta = teacher_in("ES", first_name="Berta", last_name="Ruiz")
    luc = teacher_in("FR", first_name="Luc", last_name="Moreau")
    rivers = approved_project(deliver, founder=ana, title="Rivers of Europe")
    birds = approved_project(deliver, founder=berta, title="Birds we count")
    stars = approved_project(deliver, founder=luc, cofounder=teacher_in("DE"), title="Stars")
    made = {"ana": apply(ana, rivers)}
    inside.move_to(OPENS + timedelta(days=5), tick=False)
    made.update(berta=apply(berta, birds), luc=apply(luc, stars))
    return made


def listed_titles(client: Client, **params) -> set[str]:
    response = client.get(INDEX, params)
    assert response.status_code == 200
    page = response.content.decode()
    titles = QualityLabelApplication.objects.values_list("project_title", flat=True)
    return {title for title in titles if title in page}


def test_urls_are_reversible():
    assert reverse("quality_admin:index") == INDEX
    assert reverse("quality_admin:windows") == WINDOWS
    assert reverse("quality_admin:detail", args=[7]) == "/admin/quality-labels/7/"


@pytest.mark.parametrize("who", ["nss.es", "rep", "css", "root"])
def test_the_menu_is_shown_to_nss_regional_representatives_css_and_superusers(people, who):
    page = as_user(people[who]).get("/admin/").content.decode()
    assert INDEX in page and "National Quality Labels" in page


def test_the_menu_is_hidden_from_other_staff_and_the_queue_refused():
    editor = make_staff("editor.nql", role=StaffRole.Role.EDITOR, country=None)
    client = as_user(editor)
    assert INDEX not in client.get("/admin/").content.decode()
    response = client.get(INDEX)
    assert (response.status_code, response.url) == (302, "/admin/")


def test_an_nss_sees_only_its_countrys_applications_and_the_css_all(people, applications):
    assert listed_titles(as_user(people["nss.es"])) == {"Rivers of Europe", "Birds we count"}
    assert listed_titles(as_user(people["nss.fr"])) == {"Stars"}
    assert listed_titles(as_user(people["css"])) == {"Rivers of Europe", "Birds we count", "Stars"}
    assert listed_titles(as_user(people["root"])) == {"Rivers of Europe", "Birds we count", "Stars"}


def test_a_regional_representative_sees_only_applications_from_its_regions_schools(
    people, applications
):
    assert listed_titles(as_user(people["rep"])) == {"Rivers of Europe"}
    response = as_user(people["rep"]).get(detail_url(applications["berta"]))
    assert response.status_code == 404


def test_the_queue_lists_the_oldest_first_with_applicant_school_and_days_waited(
    people, applications, inside
):
    inside.move_to(OPENS + timedelta(days=15), tick=False)
    page = as_user(people["nss.es"]).get(INDEX).content.decode()
    assert page.index("Rivers of Europe") < page.index("Birds we count")
    assert "Ana García" in page and "IES Triana" in page
    # Ana applied on day 3, Berta on day 5: twelve and ten days ago.
    assert "12 days" in page and "10 days" in page


def test_the_queue_counts_waiting_under_evaluation_and_decided_this_school_year(
    people, applications
):
    State = QualityLabelApplication.State
    full_marks = {item.key: item.max_points for item in RubricItem.objects.all()}
    nss = people["nss.es"]
    services.score_application(actor=nss, application=applications["berta"], scores=full_marks)
    response = as_user(nss).get(INDEX)
    assert response.context["counts"] == {"waiting": 1, "under_evaluation": 1, "decided": 0}
    # Ana's school is in Andalucía: its representative scores too before the decision.
    ana = applications["ana"]
    services.score_application(actor=people["rep"], application=ana, scores=full_marks)
    services.score_application(actor=nss, application=ana, scores=full_marks)
    services.decide_application(actor=nss, application=ana, award=True)
    response = as_user(nss).get(INDEX)
    assert response.context["counts"] == {"waiting": 0, "under_evaluation": 1, "decided": 1}
    assert "Decided in 2026/27" in response.content.decode()
    # A decided application leaves the queue, but the state filter finds it.
    assert listed_titles(as_user(people["nss.es"])) == {"Birds we count"}
    assert listed_titles(as_user(people["nss.es"]), state=State.AWARDED) == {"Rivers of Europe"}


def test_the_queue_filters_by_school_year_and_a_bad_filter_changes_nothing(people, applications):
    client = as_user(people["nss.es"])
    assert listed_titles(client, school_year="2026") == {"Rivers of Europe", "Birds we count"}
    response = client.get(INDEX, {"school_year": "1999", "state": "nonsense"})
    assert response.status_code == 200
    assert "A filter was not understood" in response.content.decode()
    assert listed_titles(client, school_year="abc") == {"Rivers of Europe", "Birds we count"}
    # The filter understood still applies.
    assert listed_titles(client, state="awarded", school_year="abc") == set()


def test_a_withdrawn_application_leaves_the_queue(people, applications):
    services.withdraw_application(
        actor=applications["berta"].applicant, application=applications["berta"]
    )
    assert listed_titles(as_user(people["nss.es"])) == {"Rivers of Europe"}


def test_the_application_screen_shows_answers_evidence_links_and_the_project(people, applications):
    application = applications["ana"]
    response = as_user(people["nss.es"]).get(detail_url(application))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ana García" in page and "IES Triana" in page and "2026/27" in page
    assert str(criteria.ELIGIBILITY[0].text) in page and "Yes" in page
    assert str(criteria.CRITERIA[0].title) in page
    assert "What our pupils did for collaboration." in page
    assert '<a href="https://example.org/collaboration/" rel="nofollow noopener"' in page
    facts = hook().get_project_facts(project_id=application.project_id)
    assert f'<a href="{facts.url}">Rivers of Europe</a>' in page
    assert "Submitted" in page


def test_another_countrys_application_does_not_exist_for_an_nss(people, applications):
    client = as_user(people["nss.fr"])
    assert client.get(detail_url(applications["ana"])).status_code == 404
    assert client.get("/admin/quality-labels/999999/").status_code == 404
    assert as_user(people["nss.es"]).get(detail_url(applications["luc"])).status_code == 404


def test_the_nss_is_told_with_a_link_to_the_applications_screen(applications):
    notification = Notification.objects.get(
        user=nss_of("ES"), kind=notifications.TO_EVALUATE, title__contains="Rivers"
    )
    assert notification.url == detail_url(applications["ana"])


def test_the_queue_asks_the_same_number_of_queries_for_few_and_many_applications(
    people, inside, django_capture_on_commit_callbacks
):
    deliver = django_capture_on_commit_callbacks
    client = as_user(people["css"])

    def queries_for_queue() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(INDEX).status_code == 200
        return len(context.captured_queries)

    def apply_new(number: int):
        founder = teacher_in("ES")
        apply(founder, approved_project(deliver, founder=founder, title=f"Project {number}"))

    for number in range(2):
        apply_new(number)
    few = queries_for_queue()
    for number in range(2, 8):
        apply_new(number)
    assert QualityLabelApplication.objects.count() == 8
    assert queries_for_queue() == few


# --- windows -------------------------------------------------------------------------


def window_data(code: str = "ES", **overrides) -> dict:
    data = {
        "country": str(Country.objects.get(code=code).pk),
        "school_year": "2027",
        "opens_at": "2027-10-01T09:00",
        "closes_at": "2027-11-30T17:00",
    }
    data.update(overrides)
    return data


def test_the_windows_screen_shows_the_nss_countrys_windows_per_school_year(people, inside):
    response = as_user(people["nss.es"]).get(WINDOWS)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Spain" in page and "2026/27" in page and "France" not in page
    assert "Set the window" in page


def test_an_nss_sets_a_window_through_the_form_and_moves_it(people):
    client = as_user(people["nss.es"])
    response = client.post(WINDOWS, window_data())
    assert (response.status_code, response.url) == (302, WINDOWS)
    window = ApplicationWindow.objects.get(country__code="ES", school_year=2027)
    assert timezone.localtime(window.opens_at).replace(tzinfo=None) == datetime(2027, 10, 1, 9)
    client.post(WINDOWS, window_data(closes_at="2027-12-15T17:00"))
    window.refresh_from_db()
    assert timezone.localtime(window.closes_at).date().isoformat() == "2027-12-15"
    assert ApplicationWindow.objects.filter(country__code="ES").count() == 1
    assert "2027/28" in client.get(WINDOWS).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"closes_at": "2027-09-01T09:00"}, "The window must close after it opens."),
        ({"opens_at": "soon"}, "Please give a date and a time"),
        ({"school_year": "1900"}, "Give the year the school year starts in."),
        ({"country": "abc"}, "Select a valid choice"),
    ],
)
def test_a_bad_window_is_refused_with_the_reason_and_changes_nothing(people, overrides, message):
    response = as_user(people["nss.es"]).post(WINDOWS, window_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApplicationWindow.objects.exists()


def test_another_countrys_nss_cannot_set_its_window(people):
    response = as_user(people["nss.fr"]).post(WINDOWS, window_data("ES"))
    assert response.status_code == 400
    assert "Only the National Support Service of the country" in response.content.decode()
    assert not ApplicationWindow.objects.exists()


def test_regional_representatives_do_not_open_the_windows_screen(people):
    response = as_user(people["rep"]).get(WINDOWS)
    assert (response.status_code, response.url) == (302, "/admin/")


def test_the_css_reads_every_countrys_windows_but_is_offered_no_form(people, inside):
    page = as_user(people["css"]).get(WINDOWS).content.decode()
    assert "Spain" in page and "France" in page and "2026/27" in page
    assert "Set the window" not in page
    response = as_user(people["css"]).post(WINDOWS, window_data("ES"))
    assert response.status_code == 400
    assert not ApplicationWindow.objects.filter(school_year=2027).exists()


def test_a_superuser_sets_any_countrys_window(people):
    response = as_user(people["root"]).post(WINDOWS, window_data("DE"))
    assert (response.status_code, response.url) == (302, WINDOWS)
    assert ApplicationWindow.objects.filter(country__code="DE", school_year=2027).exists()
